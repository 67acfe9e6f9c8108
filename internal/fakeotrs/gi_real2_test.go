package fakeotrs

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/recordings"
)

// TestReal2TicketRules replays real2/<target>/01-09 (TicketCreate without
// and with a type, a pending state without and with a pending time, a
// state that is not pending, a PendingTime alone) against a fresh fake
// with the real2 SysConfig (Ticket::Type on) and checks the fake answers
// and stores what the real systems did.
func TestReal2TicketRules(t *testing.T) {
	for _, target := range []string{"znuny65", "otrs60", "znuny70"} {
		t.Run(target, func(t *testing.T) {
			o, srv := start(t, NewStore())
			defer srv.Close()
			if target == "otrs60" {
				o.Store.Lock(func(s *Store) { s.Product = OTRS60 })
			}
			sid := callGI(t, http.MethodPost, srv.URL+StockWebservicePath+"/Session", map[string]any{"UserLogin": "agent.full", "Password": "AgentFull123!"})["SessionID"]
			recID, fakeID := "", ""
			var ticket *Ticket
			history := func() int { n := 0; o.Store.Lock(func(s *Store) { n = len(s.History) }); return n }
			files := recordings.Glob(t, "real2/"+target+"/0[1-9]-*.json")
			if len(files) != 9 {
				t.Fatalf("%d recordings 01-09, want 9", len(files))
			}
			for _, f := range files {
				var rec struct {
					Request struct {
						Method string
						Path   string
						Query  map[string]any
						Body   map[string]any
					}
					Response struct{ Body map[string]any }
				}
				readRecording(t, f, &rec)
				_, rest, _ := strings.Cut(rec.Request.Path, "GenericTicketConnectorREST")
				if recID != "" {
					rest = strings.Replace(rest, "/Ticket/"+recID, "/Ticket/"+fakeID, 1)
				}
				q := url.Values{}
				for k, v := range rec.Request.Query {
					q.Set(k, fmt.Sprint(v))
				}
				if q.Has("SessionID") {
					q.Set("SessionID", fmt.Sprint(sid))
				}
				if rec.Request.Body != nil {
					rec.Request.Body["SessionID"] = sid
				}
				before := history()
				got := callGI(t, rec.Request.Method, srv.URL+StockWebservicePath+rest+"?"+q.Encode(), rec.Request.Body)
				want := rec.Response.Body
				name := f[strings.LastIndex(f, "/")+1:]
				switch {
				case want["Error"] != nil:
					if fmt.Sprint(got["Error"]) != fmt.Sprint(want["Error"]) {
						t.Errorf("%s: got %v, recorded %v", name, got, want["Error"])
					}
					if n := history(); n != before {
						t.Errorf("%s: refused, but %d history rows written", name, n-before)
					}
				case want["Ticket"] != nil: // TicketGet: the pending fields
					g, w := got["Ticket"].([]any)[0].(map[string]any), want["Ticket"].([]any)[0].(map[string]any)
					for _, k := range []string{"UntilTime", "StateType"} {
						if fmt.Sprint(g[k]) != fmt.Sprint(w[k]) {
							t.Errorf("%s: %s = %v, recorded %v", name, k, g[k], w[k])
						}
					}
				default:
					if got["Error"] != nil || got["TicketID"] == nil {
						t.Errorf("%s: got %v, recorded success %v", name, got, want)
					}
				}
				if strings.HasPrefix(name, "02-") {
					recID, fakeID = fmt.Sprint(want["TicketID"]), fmt.Sprint(got["TicketID"])
					o.Store.Lock(func(s *Store) { id, _ := strconv.Atoi(fakeID); ticket = s.TicketByID(id) })
				}
				if strings.HasPrefix(name, "08-") {
					// Success, and nothing stored (real2/*/08 note).
					o.Store.Lock(func(s *Store) {
						if n := len(s.History); n != before || !ticket.PendingUntil.IsZero() {
							t.Errorf("08: PendingTime alone stored: %d history rows, pending until %v", n-before, ticket.PendingUntil)
						}
					})
				}
			}
			// The create wrote the history rows of real2/znuny65/db/41.
			var types []string
			o.Store.Lock(func(s *Store) {
				for _, h := range s.History {
					if h.TicketID == ticket.ID {
						types = append(types, h.Type+" "+h.Name)
					}
				}
			})
			want := []string{"NewTicket", "ServiceUpdate %%NULL%%%%NULL%%", "SLAUpdate %%NULL%%%%NULL%%", "TypeUpdate %%Incident%%2",
				"CustomerUpdate %%CustomerID=acme;CustomerUser=jdoe;", "NewTicket %%GenericInterface Create", "OwnerUpdate %%agent.full%%2",
				"ResponsibleUpdate %%agent.full%%2", "SetPendingTime", "StateUpdate %%new%%pending reminder%%",
				"StateUpdate %%pending reminder%%open%%", "SetPendingTime %%00-00-00 00:00"}
			if len(types) != len(want) {
				t.Fatalf("history %q,\nwant %q", types, want)
			}
			for i := range want {
				if !strings.HasPrefix(types[i], want[i]) {
					t.Errorf("history row %d = %q, want %q", i, types[i], want[i])
				}
			}
		})
	}
}
