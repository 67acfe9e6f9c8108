package otrstest

import (
	"context"
	"fmt"
	"slices"

	"github.com/rs4otrs/rs4otrs-proxy/translate"
)

// Facts serves translate.TicketFacts from the store, as the SQL catalog
// does from OTRS's tables (ticket_flag, article_flag, ticket_watcher,
// link_relation, personal_queues, customer_user, dynamic_field).
type Facts struct{ s *Store }

// Facts returns the store's ticket facts.
func (s *Store) Facts() *Facts { return &Facts{s: s} }

var _ translate.TicketFacts = (*Facts)(nil)

func (f *Facts) TicketExists(ctx context.Context, ticketID int) (bool, error) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	return f.s.factsTicket(ticketID) != nil, nil
}

func (f *Facts) ArticleTicketID(ctx context.Context, articleID int) (int, error) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	for _, t := range f.s.Tickets {
		for _, a := range t.Articles {
			if a.ID == articleID {
				return t.ID, nil
			}
		}
	}
	return 0, nil
}

func (f *Facts) TicketFlags(ctx context.Context, agentID int, ticketIDs []int) (map[int]translate.TicketFlags, error) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	out := make(map[int]translate.TicketFlags, len(ticketIDs))
	for _, id := range ticketIDs {
		if t := f.s.factsTicket(id); t != nil {
			out[id] = translate.TicketFlags{Seen: t.SeenBy[agentID], Watchers: slices.Clone(t.Watchers), Links: t.Links}
		}
	}
	return out, nil
}

func (f *Facts) ArticlesSeen(ctx context.Context, agentID int, articleIDs []int) (map[int]bool, error) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	out := map[int]bool{}
	for _, t := range f.s.Tickets {
		for _, a := range t.Articles {
			if a.SeenBy[agentID] && slices.Contains(articleIDs, a.ID) {
				out[a.ID] = true
			}
		}
	}
	return out, nil
}

func (f *Facts) PersonalQueueIDs(ctx context.Context, agentID int) ([]int, error) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	for _, a := range f.s.Agents {
		if a.ID == agentID {
			return slices.Clone(a.PersonalQueues), nil
		}
	}
	return nil, fmt.Errorf("agent %d: no such agent", agentID)
}

func (f *Facts) CustomerUserNames(ctx context.Context, logins []string) (map[string]translate.PersonName, error) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	out := map[string]translate.PersonName{}
	for _, cu := range f.s.CustomerUsers {
		if slices.Contains(logins, cu.Login) {
			out[cu.Login] = translate.PersonName{FirstName: cu.FirstName, LastName: cu.LastName}
		}
	}
	return out, nil
}

func (f *Facts) DynamicFieldDefs(ctx context.Context) ([]translate.DynamicFieldDef, error) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	var out []translate.DynamicFieldDef
	for _, d := range f.s.DynamicFields {
		if d.ObjectType != "Ticket" || d.ValidID != 1 {
			continue
		}
		def := translate.DynamicFieldDef{Name: d.Name, FieldType: d.FieldType, Internal: d.Internal}
		if pv, ok := d.Config["PossibleValues"].(map[string]any); ok {
			def.PossibleValues = make(map[string]string, len(pv))
			for k, v := range pv {
				def.PossibleValues[k] = fmt.Sprint(v)
			}
		}
		out = append(out, def)
	}
	return out, nil
}

// factsTicket returns the ticket with id, nil if none; the caller holds mu.
func (s *Store) factsTicket(id int) *Ticket {
	for _, t := range s.Tickets {
		if t.ID == id {
			return t
		}
	}
	return nil
}
