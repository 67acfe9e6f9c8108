package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

const (
	msgLoginFailed  = "Login failed! Your user name or password was entered incorrectly."
	msgContactAdmin = "Please contact the administrator."
)

// post sends params to the API path with ctx and returns the status, the
// Retry-After header and the decoded envelope (nil if the client gave up).
func post(ctx context.Context, t *testing.T, env *apptest.Env, path string, params map[string]any) (int, string, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(params)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, env.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Errorf("%s answered non-JSON %q", path, b)
	}
	return resp.StatusCode, resp.Header.Get("Retry-After"), out
}

// agentSessions counts the fake's sessions of the agent with id.
func agentSessions(f *faultyOTRS, id int) int {
	n := 0
	f.Store.Lock(func(s *fakeotrs.Store) {
		for _, sess := range s.Sessions {
			if sess.UserID == id && !sess.Customer {
				n++
			}
		}
	})
	return n
}

// TestConcurrentLoginsAgainstSlowOTRS: 50 concurrent wrong-password logins
// for one agent against an OTRS that takes its time to answer reach OTRS
// at most PerLogin times; the others get 429 with Retry-After and the
// contract's failed-login message. Fails on the old main: all 50 reached
// OTRS, since failures were counted only after OTRS answered.
func TestConcurrentLoginsAgainstSlowOTRS(t *testing.T) {
	f := startFaulty(t)
	var reached atomic.Int32
	f.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if isAgentLogin(r) {
			reached.Add(1)
			time.Sleep(300 * time.Millisecond) // a slow OTRS, so the attempts overlap
		}
		return false
	})
	env := proxyFor(t, f, nil)
	const attempts, limit = 50, 10 // config.Defaults: RS4OTRS_LOGIN_FAILURES_PER_LOGIN
	var wg sync.WaitGroup
	var refused, failed atomic.Int32
	for range attempts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, retry, out := post(context.Background(), t, env, "/auth/login", map[string]any{"User": "agent.full", "Password": "wrong"})
			if out["Message"] != msgLoginFailed {
				t.Errorf("answer %d %v", status, out)
			}
			switch status {
			case http.StatusTooManyRequests:
				if n, err := strconv.Atoi(retry); err != nil || n < 1 {
					t.Errorf("429 with Retry-After %q", retry)
				}
				refused.Add(1)
			case http.StatusOK:
				failed.Add(1)
			default:
				t.Errorf("status %d", status)
			}
		}()
	}
	wg.Wait()
	if n := reached.Load(); n > limit {
		t.Errorf("%d of %d concurrent logins reached OTRS, want at most %d", n, attempts, limit)
	}
	if int(failed.Load()) != int(reached.Load()) || refused.Load()+failed.Load() != attempts {
		t.Errorf("%d forwarded (%d reached OTRS), %d refused", failed.Load(), reached.Load(), refused.Load())
	}
	// Another address is not locked out: the agent logs in from the
	// test's second loopback address.
	if out := loginFrom(t, env, "127.0.0.2", "agent.full", "AgentFull123!"); out["Response"] != "OK" {
		t.Errorf("the agent from another address: %v", out)
	}
}

// loginFrom logs in from the local address addr (a loopback address).
func loginFrom(t *testing.T, env *apptest.Env, addr, user, password string) map[string]any {
	t.Helper()
	d := &netDialer{local: addr}
	c := &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
	body, _ := json.Marshal(map[string]any{"User": user, "Password": password})
	resp, err := c.Post(env.URL+"/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("login from %s: %v", addr, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLoginUpstreamFault: only OTRS's refusal of the credentials is a
// failed login. A fault after OTRS accepted them answers Please contact
// the administrator., counts nothing (with a limit of one failure the
// next login passes) and leaves no session behind in OTRS; a client that
// leaves mid-login counts nothing either. Fails on the old main: the
// SessionGet faults answered the failed-login message, counted a failure
// and left the session made by the login in the fake's store.
func TestLoginUpstreamFault(t *testing.T) {
	const agentID = 2 // agent.full
	cases := []struct {
		name  string
		fault func(w http.ResponseWriter, r *http.Request) bool
		// leave: the client disconnects while OTRS handles the login.
		leave bool
	}{
		{"SessionGet answers 500", func(w http.ResponseWriter, r *http.Request) bool {
			if isSessionGet(r) {
				http.Error(w, "Internal Server Error", http.StatusInternalServerError)
				return true
			}
			return false
		}, false},
		{"SessionGet answers an error page", func(w http.ResponseWriter, r *http.Request) bool {
			if isSessionGet(r) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusBadGateway)
				io.WriteString(w, "<html><title>502 Bad Gateway</title></html>")
				return true
			}
			return false
		}, false},
		{"index.pl answers 500", func(w http.ResponseWriter, r *http.Request) bool {
			if isAgentLogin(r) {
				http.Error(w, "Internal Server Error", http.StatusInternalServerError)
				return true
			}
			return false
		}, false},
		{"client leaves during the login", nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := startFaulty(t)
			env := proxyFor(t, f, nil, func(c *config.Config) { c.LoginFailuresPerLogin, c.LoginFailuresPerClient = 1, 1 })
			before := agentSessions(f, agentID)
			f.setFault(c.fault)
			ctx, cancel := context.WithCancel(context.Background())
			if c.leave {
				entered := make(chan struct{})
				f.setFault(func(w http.ResponseWriter, r *http.Request) bool {
					if isAgentLogin(r) {
						close(entered)
						<-r.Context().Done() // the proxy gave up: its client left
						return true
					}
					return false
				})
				go func() {
					<-entered // the login is under way: leave
					cancel()
				}()
			}
			status, _, out := post(ctx, t, env, "/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})
			cancel()
			if !c.leave && (status != http.StatusOK || out["Message"] != msgContactAdmin) {
				t.Errorf("answer %d %v, want 200 %q", status, out, msgContactAdmin)
			}
			f.setFault(nil)
			if n := agentSessions(f, agentID); n != before {
				t.Errorf("%d sessions of the agent in OTRS, want %d: the half-made one was left", n, before)
			}
			// Nothing was counted: with a limit of one failure, the next
			// login passes (once the left attempt's reservation is
			// released: the proxy notices the client left shortly after).
			var last map[string]any
			for range 50 {
				_, _, last = post(context.Background(), t, env, "/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})
				if last["Response"] == "OK" || !c.leave {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			if last["Response"] != "OK" {
				t.Errorf("the right password after the fault: %v", last)
			}
		})
	}
}
