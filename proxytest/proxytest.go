// Package proxytest starts the whole proxy in front of the fake OTRS for
// tests: one call gives a running server on 127.0.0.1, a client and the
// fake's store to inspect.
package proxytest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/app"
	"github.com/rs4otrs/rs4otrs-proxy/config"
	"github.com/rs4otrs/rs4otrs-proxy/otrs/otrstest"
)

// Env is a running proxy in front of the fake OTRS.
type Env struct {
	App *app.App
	// URL is the API base, e.g. http://127.0.0.1:1234/otrs/api.
	URL string
	// Store is the fake OTRS's data.
	Store *otrstest.Store
	// Server is the proxy's test server.
	Server *httptest.Server
	tb     testing.TB
}

// Option changes the configuration before the proxy starts.
type Option func(*config.Config)

// Start starts the proxy in demo mode (the fake OTRS with the demo data)
// with a frozen clock; both are closed when the test ends.
func Start(tb testing.TB, opts ...Option) *Env {
	tb.Helper()
	c := config.Defaults()
	cfg := &c
	cfg.Listen, cfg.ChallengeSecret, cfg.RequestTimeout, cfg.Retries = "127.0.0.1:0", "test-secret", 10*time.Second, 1
	cfg.DataDir = tb.TempDir()
	cfg.DemoMode = true
	for _, o := range opts {
		o(cfg)
	}
	if err := cfg.Validate(); err != nil {
		tb.Fatalf("proxytest: config: %v", err)
	}
	a, err := app.New(context.Background(), cfg, zerolog.New(io.Discard))
	if err != nil {
		tb.Fatalf("proxytest: %v", err)
	}
	a.API.Opts.Now = func() time.Time { return otrstest.SeedTime }
	a.Demo.Store.Lock(func(s *otrstest.Store) { s.Now = func() time.Time { return otrstest.SeedTime } })
	srv := httptest.NewServer(a.Handler())
	tb.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	return &Env{App: a, URL: srv.URL + cfg.Prefix, Store: a.Demo.Store, Server: srv, tb: tb}
}

// Attach returns a client for a proxy already running at url (the API
// base); its Env has no App, Store or Server.
func Attach(tb testing.TB, url string) *Env {
	return &Env{URL: url, tb: tb}
}

// Call POSTs params as JSON to the API path (e.g. "/tickets/getTicketList")
// and returns the status and the raw answer.
func (e *Env) Call(path string, params map[string]any) (int, []byte) {
	e.tb.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		e.tb.Fatalf("proxytest: encode params: %v", err)
	}
	resp, err := http.Post(e.URL+path, "application/json", bytes.NewReader(body))
	if err != nil {
		e.tb.Fatalf("proxytest: POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.tb.Fatalf("proxytest: read %s: %v", path, err)
	}
	return resp.StatusCode, b
}

// CallJSON is Call decoded into a map.
func (e *Env) CallJSON(path string, params map[string]any) map[string]any {
	e.tb.Helper()
	_, b := e.Call(path, params)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		e.tb.Fatalf("proxytest: %s answered non-JSON %q: %v", path, b, err)
	}
	return out
}

// Login logs in and returns the session token; it fails the test if the
// login fails.
func (e *Env) Login(user, password string) string {
	e.tb.Helper()
	out := e.CallJSON("/auth/login", map[string]any{"User": user, "Password": password})
	tok, _ := out["SessionValue"].(string)
	if out["Response"] != "OK" || tok == "" {
		e.tb.Fatalf("proxytest: login %s: %v", user, out)
	}
	return tok
}

// As returns params with the token of user added (logging in first).
// Typical use: env.CallJSON(path, env.As(token, map[string]any{...})).
func (e *Env) As(token string, params map[string]any) map[string]any {
	out := map[string]any{"OTRSAgentInterface": token}
	for k, v := range params {
		out[k] = v
	}
	return out
}
