package translate

import "context"

// TicketFacts is what the ticket-reading methods need beyond GI: facts an
// unmodified OTRS keeps in its database but does not expose through
// GenericInterface. The catalog (otrs/db, or the fake's in-memory one)
// provides them; API.Facts, or a Catalog that implements this interface,
// serves them.
type TicketFacts interface {
	// TicketExists reports whether a ticket with this id exists at all,
	// to tell "No ticket" from "No permission" after GI's AccessDenied.
	TicketExists(ctx context.Context, ticketID int) (bool, error)
	// ArticleTicketID returns the ticket of an article, 0 when there is
	// no such article (getAttachment with only ArticleID).
	ArticleTicketID(ctx context.Context, articleID int) (int, error)
	// TicketFlags returns, per ticket id, the agent's Seen flag, the
	// watchers and the number of links (ticket_flag, ticket_watcher,
	// link_relation). Tickets without any of them may be left out.
	TicketFlags(ctx context.Context, agentID int, ticketIDs []int) (map[int]TicketFlags, error)
	// ArticlesSeen returns the article ids the agent has seen
	// (article_flag Seen).
	ArticlesSeen(ctx context.Context, agentID int, articleIDs []int) (map[int]bool, error)
	// PersonalQueueIDs returns the agent's "My Queues" (personal_queues).
	PersonalQueueIDs(ctx context.Context, agentID int) ([]int, error)
	// CustomerUserNames returns first and last names by customer login;
	// unknown logins are left out.
	CustomerUserNames(ctx context.Context, logins []string) (map[string]PersonName, error)
	// DynamicFieldDefs returns the valid dynamic fields of object type
	// Ticket with their type and, for Dropdown/Multiselect, their options.
	DynamicFieldDefs(ctx context.Context) ([]DynamicFieldDef, error)
}

// TicketFlags are one ticket's per-agent and link facts.
type TicketFlags struct {
	Seen     bool
	Watchers []int
	Links    int
}

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

// facts returns the configured TicketFacts: API.Facts, else the Catalog if
// it provides them, else nil.
func (a *API) facts() TicketFacts {
	if a.Facts != nil {
		return a.Facts
	}
	if f, ok := a.Catalog.(TicketFacts); ok {
		return f
	}
	return nil
}
