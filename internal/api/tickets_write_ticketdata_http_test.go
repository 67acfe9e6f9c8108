package api_test

import (
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// TestWritesWithTicketData: over the proxy's web service TicketCreate and
// TicketUpdate answer with the ticket after the write (IncludeTicketData,
// deploy/otrs/RS4OTRSProxy.yml), so createTicket reads nothing back and
// closing a locked ticket is one TicketUpdate, unless the answer shows
// that OTRS skipped a step: the time accounting (the answer's ticket has
// no TimeUnit) or its own unlock on close. Each case has one golden for
// both route sets: what the client hears and what OTRS holds must not
// depend on them; only the OTRS calls do.
func TestWritesWithTicketData(t *testing.T) {
	type calls struct{ get, update int } // GI TicketGet and TicketUpdate
	for _, tc := range []struct {
		name, path    string
		fail          map[fakeotrs.Step]int
		params        map[string]any
		stock, viaOwn calls // on the stock web service, on the proxy's
	}{
		{"createTicket-minimal", "/tickets/createTicket", nil,
			map[string]any{"Title": "Printer jams", "QueueID": 5, "PriorityID": 3, "Body": "It jams."}, calls{1, 0}, calls{0, 0}},
		{"createTicket-lock-fails", "/tickets/createTicket", map[fakeotrs.Step]int{fakeotrs.StepLockSet: 1},
			map[string]any{"Title": "Printer jams", "QueueID": 5, "PriorityID": 3, "Body": "It jams."}, calls{1, 0}, calls{0, 0}},
		// Estimated needs the read-back: only GI's TicketGet has TimeUnit.
		{"createTicket-pending-and-time-fail", "/tickets/createTicket",
			map[fakeotrs.Step]int{fakeotrs.StepPendingTimeSet: 1, fakeotrs.StepAccountTime: 1},
			map[string]any{"Title": "Call back", "QueueID": 5, "PriorityID": 3, "Body": "b", "StateID": 6, "UntilTimeDateUnix": 1796198400, "Estimated": 1.5},
			calls{1, 0}, calls{1, 0}},
		// Ticket 10 is agent.full's and locked (one TicketGet: the
		// ticket before the write).
		{"updateState-closed-unlocks", "/tickets/updateState", nil,
			map[string]any{"TicketID": 10, "State": "closed successful"}, calls{1, 2}, calls{1, 1}},
		{"updateTicket-closed-unlocks", "/tickets/updateTicket", nil,
			map[string]any{"TicketID": 10, "State": "closed successful"}, calls{1, 2}, calls{1, 1}},
		// OTRS's own unlock fails: the answer's Lock says so, and the
		// proxy's unlock does it.
		{"updateState-own-unlock-fails", "/tickets/updateState", map[fakeotrs.Step]int{fakeotrs.StepLockSet: 1},
			map[string]any{"TicketID": 10, "State": "closed successful"}, calls{1, 2}, calls{1, 2}},
		// Both unlocks fail: "State has been changed but couldn't unlock
		// Ticket".
		{"updateState-unlock-fails", "/tickets/updateState", map[fakeotrs.Step]int{fakeotrs.StepLockSet: 2},
			map[string]any{"TicketID": 10, "State": "closed successful"}, calls{1, 2}, calls{1, 2}},
	} {
		for _, routes := range []struct {
			name string
			want calls
		}{{"stock", tc.stock}, {"proxy", tc.viaOwn}} {
			t.Run(tc.name+"/"+routes.name, func(t *testing.T) {
				env := runWriteCase(t, writeCase{tc.name, "", tc.path, tc.params}, func(s *fakeotrs.Store) {
					for step, n := range tc.fail {
						s.FailNext(step, n)
					}
				}, func(c *config.Config) { c.OTRSRoutes = routes.name })
				got := calls{env.UpstreamCalls("TicketGet"), env.UpstreamCalls("TicketUpdate")}
				if got != routes.want {
					t.Errorf("OTRS calls (TicketGet, TicketUpdate) = %v, want %v", got, routes.want)
				}
			})
		}
	}
}
