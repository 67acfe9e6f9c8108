package api_test

import (
	"encoding/json"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// TestROAgentWrites replays otrs-recordings/gi/065: agent.ro holds only ro
// and note on group support, and Znuny's TicketUpdate let it change a
// Title anyway. Every write method is sent for ticket 2 (queue Support)
// by agent.ro and, as a control that the parameters are valid, by
// agent.full (rw); agent.ro must get through exactly where the
// contract's permission keys include one it holds, and a refused call
// must leave the store untouched.
func TestROAgentWrites(t *testing.T) {
	roKeys := map[string]bool{"ro": true, "note": true}
	for _, tc := range []struct {
		path   string
		keys   []string // the contract's permissions (any of) on the ticket's queue
		params map[string]any
	}{
		{"/tickets/createArticle", []string{"note", "rw"}, map[string]any{"Subject": "s", "Body": "b", "ArticleType": "Internal"}},
		{"/tickets/createAttachment", []string{"note", "rw", "create"}, map[string]any{"File": file("aGVsbG8=", "text/plain", "a.txt")}},
		{"/tickets/updateTitle", []string{"rw"}, map[string]any{"Title": "ro agent tries"}},
		{"/tickets/updateQueue", []string{"rw"}, map[string]any{"QueueID": 6}},
		{"/tickets/updateType", []string{"rw"}, map[string]any{"TypeID": 3}},
		{"/tickets/updateService", []string{"rw"}, map[string]any{"ServiceID": 3}},
		{"/tickets/updateSLA", []string{"rw"}, map[string]any{"SLAID": 2}},
		{"/tickets/updateState", []string{"rw"}, map[string]any{"StateID": 2}},
		{"/tickets/updatePriority", []string{"priority", "rw"}, map[string]any{"PriorityID": 1}},
		{"/tickets/updateOwner", []string{"owner", "rw"}, map[string]any{"NewUserID": 1}},
		{"/tickets/updateResponsible", []string{"rw"}, map[string]any{"NewUserID": 3}},
		{"/tickets/updateLock", []string{"rw"}, map[string]any{"Lock": "lock"}},
		{"/tickets/updatePendingTime", []string{"rw"}, map[string]any{"UntilTimeDateUnix": 1796198400}},
		{"/tickets/updateCustomer", []string{"rw"}, map[string]any{"CustomerID": "globex", "CustomerUserID": "bwayne"}},
		{"/tickets/updateTicket", []string{"rw"}, map[string]any{"Lock": "lock", "Title": "ro agent tries", "PriorityID": 1, "QueueID": 6, "DynamicFields": map[string]any{"ProductCode": "X"}}},
		{"/tickets/updateTicket", []string{"rw"}, map[string]any{"Lock": "lock", "StateID": 1, "NewOwnerID": 3, "NewResponsibleUserID": 3}},
	} {
		want := false
		for _, k := range tc.keys {
			want = want || roKeys[k]
		}
		for _, agent := range []string{"agent.full", "agent.ro"} {
			t.Run(tc.path[9:]+"/"+agent, func(t *testing.T) {
				env := apptest.Start(t)
				tok := env.Login(agent, writeAgents[agent])
				params := env.As(tok, tc.params)
				params["TicketID"] = 2
				if tc.path == "/tickets/updatePendingTime" {
					// Only a pending ticket takes a pending time (real2/*/08).
					env.Store.Lock(func(s *fakeotrs.Store) {
						for _, tk := range s.Tickets {
							if tk.ID == 2 {
								tk.StateID = 6 // pending reminder
							}
						}
					})
				}
				var before storeState
				env.Store.Lock(func(s *fakeotrs.Store) { before = snapshot(s) })
				out := env.CallJSON(tc.path, params)
				allowed := agent == "agent.full" || want
				if got := out["Response"] == "OK"; got != allowed {
					t.Fatalf("%s as %s: answer %v, want allowed=%v", tc.path, agent, out, allowed)
				}
				var after storeState
				env.Store.Lock(func(s *fakeotrs.Store) { after = snapshot(s) })
				changed := after.history != before.history || after.tickets[2] != before.tickets[2]
				if changed != allowed {
					b, _ := json.Marshal(out)
					t.Errorf("%s as %s: store changed=%v, want %v (answer %s)", tc.path, agent, changed, allowed, b)
				}
				if !allowed && out["Message"] != "No permission" && tc.path != "/tickets/updateTicket" {
					t.Errorf("%s as agent.ro: message %v, want No permission", tc.path, out["Message"])
				}
			})
		}
	}
}
