package gi

import (
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

// withTicketData is a TicketCreate or TicketUpdate of a web service whose
// operation config has IncludeTicketData: a successful answer also
// carries the ticket after the write under Ticket (Znuny 6.5.4
// Kernel/GenericInterface/Operation/Ticket/TicketCreate.pm:1906-2021,
// TicketUpdate.pm:2381-2530; OTRS 6.0.41 TicketCreate.pm:1624-1731,
// TicketUpdate.pm:2193-2344). The stock web services have no such option.
func withTicketData(op ticketOp, create bool) ticketOp {
	return func(s *store.Store, u store.User, d giData) any {
		out := op(s, u, d)
		m, ok := out.(map[string]any)
		if !ok || m["Error"] != nil {
			return out
		}
		t := s.TicketByID(giInt(m["TicketID"]))
		if t == nil {
			return out
		}
		m["Ticket"] = writtenTicket(s, u, t, d, create)
		if !create && len(t.Articles) > 0 {
			// TicketUpdate answers the article it shows, the new one or
			// the ticket's last (TicketUpdate.pm:2435-2530).
			m["ArticleID"] = m["Ticket"].(map[string]any)["Article"].(map[string]any)["ArticleID"]
		}
		return out
	}
}

// writtenTicket is the ticket as the operations read it back: the
// ticket backend's TicketGet with DynamicFields => 1 (TicketCreate.pm:
// 1887-1891, TicketUpdate.pm:2411-2415), which has no TimeUnit — GI's
// TicketGet operation adds that one itself (TicketGet.pm:386) — and
// ArticleGet's articles, without their TimeUnit either (TicketGet.pm:527
// adds it). TicketCreate lists its article(s); TicketUpdate gives one
// article, the new one or the last, and none for a ticket without
// articles (TicketUpdate.pm:2449-2458). Attachments come along only when the
// request sent some (TicketCreate.pm:1981, TicketUpdate.pm:2492).
func writtenTicket(s *store.Store, u store.User, t *store.Ticket, d giData, create bool) map[string]any {
	opt := giData{"DynamicFields": 1, "Attachments": d["Attachment"] != nil}
	m := giTicket(s, u, t, opt)
	delete(m, "TimeUnit")
	arts := t.Articles
	if len(arts) == 0 {
		return m
	}
	if !create {
		arts = arts[len(arts)-1:]
	}
	var list []any
	for _, a := range arts {
		am := giArticle(s, a, opt)
		delete(am, "TimeUnit")
		list = append(list, am)
	}
	if create {
		m["Article"] = list
	} else {
		m["Article"] = list[0]
	}
	return m
}
