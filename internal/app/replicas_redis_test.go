package app_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// TestReplicasShareEndedSessions: two replicas sharing Redis (the local
// one on 127.0.0.1:6379, as the push store tests; RS4OTRS_TEST_NO_REDIS=1
// skips) and one OTRS. A session both have validated (and cached) ends on
// one of them; the other refuses the token on its very next call, before
// it reaches OTRS, not after RS4OTRS_SESSION_CACHE_TTL. Fails on the old
// main: the other replica trusted its cache and sent the call to OTRS
// with the ended session (a method answering from the catalog would have
// served it).
func TestReplicasShareEndedSessions(t *testing.T) {
	if os.Getenv("RS4OTRS_TEST_NO_REDIS") == "1" {
		t.Skip("RS4OTRS_TEST_NO_REDIS=1")
	}
	cases := []struct {
		name string
		// end ends the session through replica one.
		end func(t *testing.T, f *faultyOTRS, login map[string]any, one func(path string, params map[string]any) map[string]any)
	}{
		{"logout", func(t *testing.T, _ *faultyOTRS, login map[string]any, one func(string, map[string]any) map[string]any) {
			out := one("/auth/logout", map[string]any{"ChallengeToken": login["ChallengeToken"]})
			if out["Response"] != "OK" {
				t.Fatalf("logout: %v", out)
			}
		}},
		{"session found ended", func(t *testing.T, f *faultyOTRS, login map[string]any, one func(string, map[string]any) map[string]any) {
			token := login["SessionValue"].(string)
			// OTRS ends the session (idle timeout, an admin); replica one
			// finds out on its next GI call with it.
			f.Store.Lock(func(s *fakeotrs.Store) { delete(s.Sessions, token) })
			out := one("/tickets/getTicketList", map[string]any{"Count": 1})
			if out["Message"] != "Session invalid. Please log in again." {
				t.Fatalf("replica one after OTRS ended the session: %v", out)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := startFaulty(t)
			redis := func(c *config.Config) { c.RedisURL = "redis://127.0.0.1:6379/0" }
			one, two := proxyFor(t, f, nil, redis), proxyFor(t, f, nil, redis)
			login := one.CallJSON("/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})
			token, _ := login["SessionValue"].(string)
			if token == "" {
				t.Fatalf("login: %v", login)
			}
			for _, env := range [...]func(string, map[string]any) map[string]any{
				func(p string, m map[string]any) map[string]any { return one.CallJSON(p, one.As(token, m)) },
				func(p string, m map[string]any) map[string]any { return two.CallJSON(p, two.As(token, m)) },
			} {
				if out := env("/tickets/getTicketList", map[string]any{"Count": 1}); out["Response"] != "OK" {
					t.Fatalf("before: %v", out)
				}
			}
			c.end(t, f, login, func(p string, m map[string]any) map[string]any { return one.CallJSON(p, one.As(token, m)) })
			var reached atomic.Int32
			f.setFault(func(_ http.ResponseWriter, r *http.Request) bool {
				// The keep-alive touch the earlier calls started in the
				// background may still arrive; it is not a use of the
				// ended session by this call.
				if !strings.Contains(r.URL.RawQuery, "AgentUserSearch") {
					reached.Add(1)
				}
				return false
			})
			status, _, out := post(context.Background(), t, two, "/tickets/getTicketList", map[string]any{"OTRSAgentInterface": token, "Count": 1})
			if status != http.StatusOK || out["Message"] != "Session invalid. Please log in again." {
				t.Errorf("replica two right after: %d %v", status, out)
			}
			if n := reached.Load(); n != 0 {
				t.Errorf("replica two sent %d requests to OTRS with the ended session", n)
			}
		})
	}
}
