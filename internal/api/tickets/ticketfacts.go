package tickets

import (
	"context"
	"errors"
	"fmt"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// TicketFlags are one ticket's per-agent and link facts.
type TicketFlags = otrs.TicketFlags

// PersonName is a customer user's name.
type PersonName struct {
	FirstName string
	LastName  string
}

// DynamicFieldDef is a dynamic field definition.
type DynamicFieldDef struct {
	Name      string
	FieldType string // Text, Dropdown, Multiselect, Date, DateTime, ...
	Internal  bool
	// PossibleValues maps a stored key to its display value.
	PossibleValues map[string]string
}

// ticketFacts is what the ticket-reading methods need beyond GI, facts an
// unmodified OTRS keeps in its database but does not expose through
// GenericInterface. The Catalog reads the few that are new rows (flags,
// watchers, links, an article's ticket); the rest is derived here from
// what the Catalog already serves, and caches.
type ticketFacts struct{ otrs.Catalog }

// Facts returns the ticket facts of the configured Catalog, nil without
// one (the methods then say plainly what they cannot tell).
func (a *Methods) Facts() *ticketFacts {
	if a.Catalog == nil {
		return nil
	}
	return &ticketFacts{a.Catalog}
}

// TicketExists reports whether a ticket with this id exists at all, to
// tell "No ticket" from "No permission" after GI's AccessDenied.
func (f *ticketFacts) TicketExists(ctx context.Context, ticketID int) (bool, error) {
	_, err := f.TicketQueue(ctx, ticketID)
	if errors.Is(err, otrs.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// ArticleTicketID returns the ticket of an article, 0 when there is no
// such article.
func (f *ticketFacts) ArticleTicketID(ctx context.Context, articleID int) (int, error) {
	id, err := f.Catalog.ArticleTicketID(ctx, articleID)
	if errors.Is(err, otrs.ErrNotFound) {
		return 0, nil
	}
	return id, err
}

// CustomerUserNames returns first and last names by customer login;
// unknown logins are left out.
func (f *ticketFacts) CustomerUserNames(ctx context.Context, logins []string) (map[string]PersonName, error) {
	all, err := f.CustomerUsers(ctx)
	if err != nil {
		return nil, err
	}
	want := make(map[string]bool, len(logins))
	for _, l := range logins {
		want[l] = true
	}
	out := make(map[string]PersonName, len(logins))
	// One pass over the cached list: its order is the database's
	// collation, not Go's, so no binary search.
	for _, cu := range all {
		if want[cu.Login] {
			out[cu.Login] = PersonName{FirstName: cu.FirstName, LastName: cu.LastName}
		}
	}
	return out, nil
}

// DynamicFieldDefs returns the valid dynamic fields of object type Ticket
// with their type and, for Dropdown/Multiselect, their options.
func (f *ticketFacts) DynamicFieldDefs(ctx context.Context) ([]DynamicFieldDef, error) {
	all, err := f.DynamicFields(ctx)
	if err != nil {
		return nil, err
	}
	var out []DynamicFieldDef
	for _, d := range all {
		if d.ObjectType != "Ticket" || d.ValidID != otrs.ValidID {
			continue
		}
		def := DynamicFieldDef{Name: d.Name, FieldType: d.FieldType, Internal: d.Internal}
		// YAML keys that look like numbers decode as such.
		switch pv := d.Config["PossibleValues"].(type) {
		case map[string]any:
			def.PossibleValues = make(map[string]string, len(pv))
			for k, v := range pv {
				def.PossibleValues[k] = fmt.Sprint(v)
			}
		case map[any]any:
			def.PossibleValues = make(map[string]string, len(pv))
			for k, v := range pv {
				def.PossibleValues[fmt.Sprint(k)] = fmt.Sprint(v)
			}
		}
		out = append(out, def)
	}
	return out, nil
}
