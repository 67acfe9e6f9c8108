package api_test

import (
	"fmt"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// settingCase is a write case run after setup changed the fake's data or
// SysConfig (Ticket::Type, Ticket::Type::Default, PendingDiffTime...).
type settingCase struct {
	writeCase
	setup func(*fakeotrs.Store)
}

func runSettingCases(t *testing.T, cases []settingCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := apptest.Start(t)
			if tc.setup != nil {
				env.Store.Lock(tc.setup)
			}
			agent := tc.agent
			if agent == "" {
				agent = "agent.full"
			}
			tok := env.Login(agent, writeAgents[agent])
			apptest.Golden(t, "write/"+tc.name, outcome(t, env, tc.path, env.As(tok, tc.params)))
		})
	}
}

func sysConfig(name, value string) func(*fakeotrs.Store) {
	return func(s *fakeotrs.Store) { s.SysConfig[name] = value }
}

func setTicket(id int, fn func(*fakeotrs.Ticket)) func(*fakeotrs.Store) {
	return func(s *fakeotrs.Store) {
		for _, tk := range s.Tickets {
			if tk.ID == id {
				fn(tk)
			}
		}
	}
}

// TestTicketSettings covers the writes that depend on OTRS's SysConfig:
// the default type (issue 11 point 2) and the pending time a pending
// state gets when the caller sends none (point 3).
func TestTicketSettings(t *testing.T) {
	minimal := map[string]any{"Title": "No type", "QueueID": 5, "PriorityID": 3, "Body": "b"}
	runSettingCases(t, []settingCase{
		// Types on (the demo's real2 SysConfig): the proxy sends
		// Ticket::Type::Default, as configured.
		{writeCase{"createTicket-default-type-configured", "", "/tickets/createTicket", minimal}, sysConfig("Ticket::Type::Default", "Problem")},
		// A default type that does not exist: OTRS's own fallback, type 1.
		{writeCase{"createTicket-default-type-missing", "", "/tickets/createTicket", minimal}, sysConfig("Ticket::Type::Default", "Nonesuch")},
		// Types off: no type goes to OTRS, which applies its default; no
		// TypeUpdate history (Ticket.pm:637).
		{writeCase{"createTicket-types-off", "", "/tickets/createTicket", minimal}, sysConfig("Ticket::Type", "0")},
		{writeCase{"updateState-pending-diff-setting", "", "/tickets/updateState", map[string]any{"TicketID": 2, "State": "pending auto close+"}},
			sysConfig("Ticket::Frontend::PendingDiffTime", "7200")},
		{writeCase{"createTicket-pending-diff-setting", "", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 5, "PriorityID": 3, "Body": "b", "StateID": 6}},
			sysConfig("Ticket::Frontend::PendingDiffTime", "3600")},
		// A pending time already passed is not kept: now + PendingDiffTime.
		{writeCase{"updateState-pending-time-passed", "", "/tickets/updateState", map[string]any{"TicketID": 7, "StateID": 7}},
			setTicket(7, func(tk *fakeotrs.Ticket) { tk.PendingUntil = fakeotrs.SeedTime.AddDate(0, 0, -1) })},
	})
}

// TestPendingWrites: a pending state always reaches OTRS with a pending
// time, and a pending time OTRS would drop is refused (issue 11 points 3
// and 4; real2/*/03, 08-09).
func TestPendingWrites(t *testing.T) {
	runWriteCases(t, []writeCase{
		// Ticket 7 is pending until 2026-12-24 10:00: that time stays.
		{"updateState-pending-keeps-ticket-time", "", "/tickets/updateState", map[string]any{"TicketID": 7, "StateID": 7}},
		{"updatePendingTime-pending-ticket", "", "/tickets/updatePendingTime", map[string]any{"TicketID": 7, "Year": 2027, "Month": 1, "Day": 15, "Hour": 9, "Minute": 30}},
		{"updatePendingTime-open-ticket-refused", "", "/tickets/updatePendingTime", map[string]any{"TicketID": 2, "UntilTimeDateUnix": 1796198400}},
		// Ticket 10 is locked by agent.full: no Lock needed.
		{"updateTicket-pending-state-without-time", "", "/tickets/updateTicket", map[string]any{"TicketID": 10, "State": "pending reminder"}},
		{"updateTicket-pending-state-with-time", "", "/tickets/updateTicket", map[string]any{"TicketID": 10, "StateID": 6, "UntilTimeDateUnix": 1796198400}},
		// OTRS drops a pending time sent with a state that is not
		// pending, and that state resets the pending time (real2/*/06).
		{"updateTicket-open-state-with-time", "", "/tickets/updateTicket", map[string]any{"TicketID": 7, "Lock": "lock", "StateID": 4, "UntilTimeDateUnix": 1796198400}},
		{"updateTicket-pending-time-on-open-ticket", "", "/tickets/updateTicket", map[string]any{"TicketID": 10, "Title": "t", "UntilTimeDateUnix": 1796198400}},
		{"createArticle-pending-time-on-open-ticket", "", "/tickets/createArticle", map[string]any{"TicketID": 2, "Subject": "s", "Body": "b", "UntilTimeDateUnix": 1796198400}},
		{"createArticle-pending-time-on-pending-ticket", "", "/tickets/createArticle", map[string]any{"TicketID": 7, "Subject": "s", "Body": "b", "ArticleType": "Internal", "UntilTimeDateUnix": 1796198400}},
		{"createTicket-open-state-with-pending-time", "", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 5, "PriorityID": 3, "Body": "b", "StateID": 4, "UntilTimeDateUnix": 1796198400}},
	})
}

// TestCreatedArticlesNotify: articles are written with the history type of
// the agent screen for the same action, so OTRS notifies as it would
// (issue 11 point 12). The fake records the notification event.
func TestCreatedArticlesNotify(t *testing.T) {
	runWriteCases(t, []writeCase{
		{"createTicket-email-notifies", "", "/tickets/createTicket", map[string]any{
			"Title": "Mail", "QueueID": 5, "PriorityID": 3, "Body": "b", "ArticleType": "Email", "SenderType": "agent", "To": "jdoe@acme.example", "CustomerUserID": "jdoe"}},
		{"createTicket-internal-notifies", "", "/tickets/createTicket", map[string]any{
			"Title": "Note", "QueueID": 5, "PriorityID": 3, "Body": "b", "ArticleType": "Internal", "TypeID": 2}},
		// An owner chosen by the caller: OTRS notifies that owner of the
		// owner change and nobody of the new ticket, as the phone screen.
		{"createTicket-owner-chosen-no-agent-notify", "", "/tickets/createTicket", map[string]any{
			"Title": "For Rita", "QueueID": 5, "PriorityID": 3, "Body": "b", "OwnerID": 3, "TypeID": 2}},
		{"createArticle-phone-agent", "", "/tickets/createArticle", map[string]any{"TicketID": 2, "Subject": "Called back", "Body": "b", "ArticleType": "Phone", "SenderType": "agent"}},
	})
}

// TestPendingUpstreamCalls: the default type and pending time cost no
// extra OTRS call (the settings come from the catalog). createTicket's one
// TicketGet is the read-back of what OTRS may have left undone
// (writes.createdPartly).
func TestPendingUpstreamCalls(t *testing.T) {
	s := startCountedWrites(t)
	for _, tc := range []struct {
		name, path string
		params     map[string]any
		want       string
	}{
		{"createTicket without type", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 5, "PriorityID": 3, "Body": "b"}, "map[POST /Ticket:1 TicketGet:1]"},
		{"createTicket pending without time", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 5, "PriorityID": 3, "Body": "b", "StateID": 6}, "map[POST /Ticket:1 TicketGet:1]"},
		{"updateState pending", "/tickets/updateState", map[string]any{"TicketID": 2, "StateID": 6}, "map[PATCH /Ticket/2:1 TicketGet:1]"},
		{"updatePendingTime", "/tickets/updatePendingTime", map[string]any{"TicketID": 7, "UntilTimeDateUnix": 1796198400}, "map[PATCH /Ticket/7:1 TicketGet:1]"},
		{"updateTicket pending state", "/tickets/updateTicket", map[string]any{"TicketID": 10, "StateID": 6}, "map[PATCH /Ticket/10:1 TicketGet:1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.call(t, tc.path, tc.params)
			if got := fmt.Sprint(s.calls.reset()); got != tc.want {
				t.Errorf("upstream calls = %s, want %s", got, tc.want)
			}
		})
	}
}

// startCountedWrites is startCounted with the permission source writes
// need (as internal/app/catalog.go wires it).
func startCountedWrites(tb testing.TB) *stack {
	tb.Helper()
	return startStack(tb, fakeotrs.NewStore(), true)
}
