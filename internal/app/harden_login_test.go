package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
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
		{"SessionGet answers 500", answer500(isSessionGet), false},
		{"SessionGet answers an error page", func(w http.ResponseWriter, r *http.Request) bool {
			if isSessionGet(r) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusBadGateway)
				io.WriteString(w, "<html><title>502 Bad Gateway</title></html>")
				return true
			}
			return false
		}, false},
		{"index.pl answers 500", answer500(isAgentLogin), false},
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
			want := `rs4otrs_login_failures_total{reason="upstream"} 1`
			if c.leave {
				want = `rs4otrs_login_failures_total{reason="upstream"}` // a client gone is no failure
			}
			if got := strings.Contains(env.Metrics(), want); got == c.leave {
				t.Errorf("/metrics: %q present = %v, want %v", want, got, !c.leave)
			}
		})
	}
}

// A wrong password is a failure OTRS reported: counted as credentials.
func TestLoginFailuresCountedByReason(t *testing.T) {
	env := proxyFor(t, startFaulty(t), nil)
	_, _, out := post(context.Background(), t, env, "/auth/login", map[string]any{"User": "agent.full", "Password": "wrong"})
	if out["Response"] != "ERROR" {
		t.Fatalf("wrong password: %v", out)
	}
	if m := env.Metrics(); !strings.Contains(m, `rs4otrs_login_failures_total{reason="credentials"} 1`) {
		t.Errorf("/metrics has no credentials failure:\n%s", m)
	}
}

// TestInvalidTokenCalls: one bad token repeated, in sequence and at once,
// reaches OTRS's SessionGet once; past the per-client limit the answers
// are 429 with Retry-After, still Session invalid. Fails on the old main:
// every call asked OTRS (300 calls, 300 SessionGet).
func TestInvalidTokenCalls(t *testing.T) {
	cases := []struct {
		name       string
		concurrent bool
		calls      int
		// wantOK is how many get the ordinary 200 answer (the rest 429).
		wantOK int
	}{
		{"in sequence", false, 300, 60},
		{"at once", true, 50, 50},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := startFaulty(t)
			var asked atomic.Int32
			f.setFault(func(w http.ResponseWriter, r *http.Request) bool {
				if isSessionGet(r) {
					asked.Add(1)
					time.Sleep(50 * time.Millisecond) // so that concurrent calls overlap
				}
				return false
			})
			env := proxyFor(t, f, nil)
			var ok, limited atomic.Int32
			call := func() {
				status, retry, out := post(context.Background(), t, env, "/queues/getQueueList", map[string]any{"OTRSAgentInterface": "bad0token0" + strings.ReplaceAll(c.name, " ", "")})
				if out["Message"] != "Session invalid. Please log in again." {
					t.Errorf("answer %d %v", status, out)
				}
				switch {
				case status == http.StatusOK:
					ok.Add(1)
				case status == http.StatusTooManyRequests && retry != "":
					limited.Add(1)
				default:
					t.Errorf("status %d, Retry-After %q", status, retry)
				}
			}
			var wg sync.WaitGroup
			for range c.calls {
				if !c.concurrent {
					call()
					continue
				}
				wg.Add(1)
				go func() { defer wg.Done(); call() }()
			}
			wg.Wait()
			if n := asked.Load(); n != 1 {
				t.Errorf("%d calls with one bad token asked OTRS %d times, want once", c.calls, n)
			}
			if int(ok.Load()) != c.wantOK || int(ok.Load()+limited.Load()) != c.calls {
				t.Errorf("%d answered, %d limited; want %d answered", ok.Load(), limited.Load(), c.wantOK)
			}
		})
	}
}

// TestLostPasswordLimit: lostPassword mails, so a client gets three reset
// instructions per login and ten calls in all per 15 minutes; past either,
// 429 with Retry-After. Fails on the old main: every call reached OTRS.
func TestLostPasswordLimit(t *testing.T) {
	f := startFaulty(t)
	var mailed atomic.Int32
	f.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.FormValue("Action") == "LostPassword" {
			mailed.Add(1)
		}
		return false
	})
	env := proxyFor(t, f, nil)
	steps := []struct {
		user, token string
		wantStatus  int
	}{
		{"agent.full", "", http.StatusOK},
		{" Agent.Full", "", http.StatusOK}, // the same login, as OTRS compares them
		{"AGENT.FULL", "", http.StatusOK},
		{"agent.full", "", http.StatusTooManyRequests}, // per login
		{"agent.full", "guess1", http.StatusOK},        // a token's mail goes to its owner
		{"agent.ro", "", http.StatusOK},
		{"agent.ro", "", http.StatusOK},
		{"a", "", http.StatusOK},
		{"b", "", http.StatusOK},
		{"c", "", http.StatusOK},
		{"d", "", http.StatusOK},
		{"e", "", http.StatusTooManyRequests}, // per client: ten in all
		{"e", "guess2", http.StatusTooManyRequests},
	}
	for i, s := range steps {
		status, retry, out := post(context.Background(), t, env, "/auth/lostPassword", map[string]any{"User": s.user, "Token": s.token})
		if status != s.wantStatus || (status == http.StatusTooManyRequests && (retry == "" || out["Message"] != "Too many requests.")) {
			t.Errorf("step %d (%q): %d, Retry-After %q, %v; want %d", i, s.user, status, retry, out, s.wantStatus)
		}
	}
	if n := mailed.Load(); n != 10 {
		t.Errorf("OTRS asked %d times, want 10", n)
	}
}
