package app_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/logtest"
)

// faultyOTRS is the fake OTRS behind a front that a test can make slow or
// faulty per request: fault sees every request first and answers it
// itself when it returns true.
type faultyOTRS struct {
	*fakeotrs.OTRS
	URL string

	mu    sync.Mutex
	fault func(w http.ResponseWriter, r *http.Request) bool
}

func startFaulty(t *testing.T) *faultyOTRS {
	t.Helper()
	f := &faultyOTRS{OTRS: fakeotrs.New(fakeotrs.NewStore())}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		fault := f.fault
		f.mu.Unlock()
		if fault != nil && fault(w, r) {
			return
		}
		f.OTRS.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

func (f *faultyOTRS) setFault(fn func(w http.ResponseWriter, r *http.Request) bool) {
	f.mu.Lock()
	f.fault = fn
	f.mu.Unlock()
}

// isAgentLogin reports whether r is the agent interface's login POST.
func isAgentLogin(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/index.pl") && r.FormValue("Action") == "Login"
}

// isSessionGet reports whether r is GI SessionGet on the stock routes.
func isSessionGet(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/Session/")
}

// answer500 is a fault: the requests that match get OTRS's bare 500.
func answer500(match func(*http.Request) bool) func(http.ResponseWriter, *http.Request) bool {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if !match(r) {
			return false
		}
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return true
	}
}

// proxyFor starts a proxy (stock REST routes) in front of f, logging at
// debug level into log when it is not nil.
func proxyFor(t *testing.T, f *faultyOTRS, log *logtest.Buffer, opts ...apptest.Option) *apptest.Env {
	t.Helper()
	return apptest.Front(t, f.URL+fakeotrs.StockWebservicePath, log, opts...)
}

// TestUpstreamTextRedacted: an OTRS error page that echoes the request
// URL (SessionID in the query, as the stock routes send it) or the form
// must not bring the token or password into the log. Fails on the old
// main: gi quoted the page's first 200 bytes as they were.
func TestUpstreamTextRedacted(t *testing.T) {
	f := startFaulty(t)
	log := &logtest.Buffer{}
	env := proxyFor(t, f, log)
	token := env.Login("agent.full", "AgentFull123!")
	cases := []struct {
		name  string
		match func(r *http.Request) bool
		// fresh logs in anew and drops the token from the proxy's
		// cache, so that the call validates it through SessionGet.
		fresh bool
	}{
		{"GI TicketSearch echoes its URL", func(r *http.Request) bool { return strings.Contains(r.URL.Path, "/Ticket") }, false},
		{"GI SessionGet echoes its URL", isSessionGet, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok := token
			if c.fresh {
				tok = env.Login("agent.full", "AgentFull123!")
				env.App.API.Sessions.Forget(tok)
			}
			f.setFault(func(w http.ResponseWriter, r *http.Request) bool {
				if !c.match(r) {
					return false
				}
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusInternalServerError)
				fmt.Fprintf(w, "Internal Server Error: %s?%s Password=AgentFull123!", r.URL.Path, r.URL.RawQuery)
				return true
			})
			defer f.setFault(nil)
			out := env.CallJSON("/tickets/getTicketList", env.As(tok, map[string]any{"Count": 1}))
			if out["Message"] != "Please contact the administrator." {
				t.Fatalf("answer: %v", out)
			}
			logged := log.String()
			if !strings.Contains(logged, "Internal Server Error") {
				t.Fatalf("the fault was not logged: %s", logged)
			}
			for _, secret := range []string{tok, "AgentFull123!"} {
				if strings.Contains(logged, secret) {
					t.Errorf("the log holds a secret %q:\n%s", secret, logged)
				}
			}
		})
	}
}

// netDialer dials from a given local address (e.g. 127.0.0.2), so a test
// can be a second client address.
type netDialer struct{ local string }

func (d *netDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	nd := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(d.local)}}
	return nd.DialContext(ctx, network, addr)
}
