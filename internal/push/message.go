package push

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits that keep a message inside FCM's 4096-byte data payload.
const (
	maxTitleBytes  = 512
	maxDetailBytes = 3000
)

// Message is one notification for one agent, before it is addressed to
// the agent's devices.
type Message struct {
	AgentID  int
	TicketID int
	// Title reads like "[Ticket#<number>] <what happened>: <ticket title>".
	Title string
	// Detail is plain text.
	Detail string
}

// Data is the FCM data payload the RS4OTRS app reads (contract,
// conventions.push_notifications): four strings, ticket_id included.
func (m Message) Data(server string) map[string]string {
	return map[string]string{
		"detail":    truncate(m.Detail, maxDetailBytes),
		"server":    server,
		"ticket_id": strconv.Itoa(m.TicketID),
		"title":     truncate(m.Title, maxTitleBytes),
	}
}

// truncate cuts s to at most n bytes on a rune boundary, marking the cut
// with an ellipsis.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ell = "…"
	cut := n - len(ell)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimRight(s[:cut], " \n") + ell
}
