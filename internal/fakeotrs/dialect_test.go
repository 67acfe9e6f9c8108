package fakeotrs

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestOwnerResetOnUnlock: on OTOBO an unlock, and the unlock a close
// forces, make root the owner with OTOBO's history rows (real2/otobo11/42,
// 43; db/41 rows 202-203, 207-209); the other lines keep the owner.
func TestOwnerResetOnUnlock(t *testing.T) {
	for p, d := range Dialects {
		for _, tc := range []struct {
			name    string
			update  map[string]any
			history []string
		}{
			{"unlock", map[string]any{"Lock": "unlock"}, []string{"Unlock"}},
			{"close", map[string]any{"State": "closed successful"}, []string{"Unlock", "StateUpdate"}},
		} {
			t.Run(string(p)+"/"+tc.name, func(t *testing.T) {
				o, srv := start(t, NewStoreFor(p))
				ws := srv.URL + o.Paths().StockWebservice
				auth := map[string]any{"UserLogin": "agent.full", "Password": "AgentFull123!"}
				with := func(m map[string]any) map[string]any {
					out := map[string]any{"Ticket": m}
					for k, v := range auth {
						out[k] = v
					}
					return out
				}
				if _, b := giRequest(t, http.MethodPatch, ws+"/Ticket/3", with(map[string]any{"OwnerID": 2, "Lock": "lock"})); !strings.Contains(b, "TicketNumber") {
					t.Fatalf("set-up: %s", b)
				}
				var before int
				o.Store.Read(func(s *Store) { before = len(s.History) })
				if _, b := giRequest(t, http.MethodPatch, ws+"/Ticket/3", with(tc.update)); !strings.Contains(b, "TicketNumber") {
					t.Fatalf("%s: %s", tc.name, b)
				}
				wantOwner, wantHistory := 2, tc.history
				if d.SysConfig["Ticket::OwnerResetOnUnlock"] == "1" {
					wantOwner, wantHistory = 1, append([]string{"OwnerUpdate"}, tc.history...)
				}
				o.Store.Read(func(s *Store) {
					tk := s.TicketByID(3)
					var got []string
					for _, h := range s.History[before:] {
						if h.Type == "SetPendingTime" {
							continue // Znuny writes it on every non-pending state (gi/111)
						}
						got = append(got, h.Type)
						if h.Type == "OwnerUpdate" && h.Name != "Reset owner to root@localhost." {
							t.Errorf("OwnerUpdate %q, want OTOBO's plain text", h.Name)
						}
					}
					if tk.OwnerID != wantOwner || !slices.Equal(got, wantHistory) {
						t.Errorf("owner %d, history %v; want owner %d, history %v", tk.OwnerID, got, wantOwner, wantHistory)
					}
				})
			})
		}
	}
}

// TestLoginRedirectPerDialect: the agent interface's login answers as
// each recorded system's did (real2/<system>/22), under that system's
// paths and SessionName: the Location and every Set-Cookie with the
// session id and dates left out, and a body only where one was sent.
func TestLoginRedirectPerDialect(t *testing.T) {
	sid := regexp.MustCompile(`[A-Za-z0-9]{32}`)
	date := regexp.MustCompile(`expires=[^;]+`)
	shape := func(v string) string { return date.ReplaceAllString(sid.ReplaceAllString(v, "<id>"), "expires=<date>") }
	for p, d := range Dialects {
		t.Run(d.Key, func(t *testing.T) {
			var rec struct {
				Request  recordedRequest
				Response struct {
					Status  int
					Headers [][2]string
					Body    json.RawMessage
				}
			}
			readRecording(t, "real2/"+d.Key+"/22-web-login-post-agent-full.json", &rec)
			o, srv := start(t, recordedStore(p))
			var form map[string]string
			json.Unmarshal(rec.Request.Body, &form)
			values := url.Values{}
			for k, v := range form {
				values.Set(k, v)
			}
			req, _ := http.NewRequest(http.MethodPost, srv.URL+o.Paths().AgentInterface, strings.NewReader(values.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, body := send(t, req)
			var want, got []string
			for _, name := range []string{"Location", "Set-Cookie"} {
				for _, v := range recordedHeaders(rec.Response.Headers, name) {
					want = append(want, name+": "+shape(v))
				}
				for _, v := range resp.Header.Values(name) {
					got = append(got, name+": "+shape(v))
				}
			}
			recordedBody := string(rec.Response.Body) != `""`
			if resp.StatusCode != rec.Response.Status || !slices.Equal(got, want) || (len(body) > 0) != recordedBody {
				t.Errorf("got %d %q, body %d bytes; recorded %d %q, body %v", resp.StatusCode, got, len(body), rec.Response.Status, want, recordedBody)
			}
		})
	}
}

// TestPathsPerDialect: each line serves under its default ScriptAlias
// (real2/*/sysconfig.txt: otrs/, Znuny 7's znuny/, otobo/).
func TestPathsPerDialect(t *testing.T) {
	for p, want := range map[Product]string{
		Znuny65: "/otrs/index.pl", OTRS60: "/otrs/index.pl", Znuny70: "/znuny/index.pl", OTOBO11: "/otobo/index.pl",
	} {
		o := New(NewStoreFor(p))
		if got := o.Paths(); got.AgentInterface != want || !strings.HasPrefix(got.StockWebservice, strings.TrimSuffix(want, "index.pl")) {
			t.Errorf("%s: paths %+v, want under %s", p, got, want)
		}
	}
}
