package dbtest

import (
	"maps"
	"slices"
	"strconv"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// Link objects and states as OTRS numbers them.
const (
	linkTicket, linkFAQ      = 1, 2
	linkValid, linkTemporary = 1, 2
)

// seedTicketFacts adds the articles, flags and links of s's tickets. The
// store counts a ticket's links; each becomes a valid link to a FAQ
// article. A few rows exist only to be ignored: another flag key, a
// temporary link, and a link between FAQ articles whose keys look like
// ticket ids. The caller holds the store's lock.
func seedTicketFacts(s *fakeotrs.Store, add func(table string, cols []string, vals ...any)) {
	add("link_object", []string{"id", "name"}, linkTicket, "Ticket")
	add("link_object", []string{"id", "name"}, linkFAQ, "FAQ")
	add("link_state", []string{"id", "name", "valid_id"}, linkValid, "Valid", 1)
	add("link_state", []string{"id", "name", "valid_id"}, linkTemporary, "Temporary", 1)
	linkCols := []string{"id", "source_object_id", "source_key", "target_object_id", "target_key", "type_id", "state_id"}
	link := 0
	addLink := func(srcObj int, src string, dstObj int, dst string, state int) {
		link++
		add("link_relation", linkCols, link, srcObj, src, dstObj, dst, 1, state)
	}
	for _, t := range s.Tickets {
		key := strconv.Itoa(t.ID)
		flagCols := []string{"ticket_id", "ticket_key", "ticket_value", "create_by"}
		for _, agent := range seen(t.SeenBy) {
			add("ticket_flag", flagCols, t.ID, "Seen", "1", agent)
		}
		if !t.SeenBy[3] {
			add("ticket_flag", flagCols, t.ID, "MentionSeen", "1", 3)
		}
		for i := range t.Links {
			// Half of them point at the ticket, half away from it.
			if i%2 == 0 {
				addLink(linkTicket, key, linkFAQ, strconv.Itoa(i+1), linkValid)
			} else {
				addLink(linkFAQ, strconv.Itoa(i+1), linkTicket, key, linkValid)
			}
		}
		addLink(linkTicket, key, linkFAQ, "99", linkTemporary)
		addLink(linkFAQ, key, linkFAQ, key, linkValid)
		for _, a := range t.Articles {
			visible := 0
			if a.IsVisibleForCustomer {
				visible = 1
			}
			add("article", []string{"id", "ticket_id", "article_sender_type_id", "communication_channel_id", "is_visible_for_customer"},
				a.ID, t.ID, a.SenderTypeID, a.CommunicationChannelID, visible)
			for _, agent := range seen(a.SeenBy) {
				add("article_flag", []string{"article_id", "article_key", "article_value", "create_by"}, a.ID, "Seen", "1", agent)
			}
		}
	}
}

// seen returns the agents of a SeenBy set, ordered.
func seen(by map[int]bool) []int {
	var out []int
	for _, id := range slices.Sorted(maps.Keys(by)) {
		if by[id] {
			out = append(out, id)
		}
	}
	return out
}
