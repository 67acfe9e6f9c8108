// Package apptest starts the whole proxy in front of the fake OTRS for
// tests: one call gives a running server on 127.0.0.1, a client and the
// fake's store to inspect.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/openapi/openapitest"
)

// Env is a running proxy in front of the fake OTRS.
type Env struct {
	App *app.App
	// URL is the API base, e.g. http://127.0.0.1:1234/otrs/api.
	URL string
	// Store is the fake OTRS's data.
	Store *fakeotrs.Store
	// Server is the proxy's test server.
	Server *httptest.Server
	tb     testing.TB
	close  sync.Once
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
		tb.Fatalf("apptest: config: %v", err)
	}
	e := Serve(tb, cfg, zerolog.New(io.Discard))
	e.App.API.Opts.Now = func() time.Time { return fakeotrs.SeedTime }
	e.Store = e.App.Demo.Store
	e.Store.Lock(func(s *fakeotrs.Store) { s.Now = func() time.Time { return fakeotrs.SeedTime } })
	return e
}

// Serve starts the proxy configured by cfg, as it is, behind a test
// server on 127.0.0.1; it is closed when the test ends, or by Close. Its
// Env has no Store.
func Serve(tb testing.TB, cfg *config.Config, log zerolog.Logger) *Env {
	tb.Helper()
	a, err := app.New(context.Background(), cfg, log)
	if err != nil {
		tb.Fatalf("apptest: %v", err)
	}
	srv := httptest.NewServer(a.Handler())
	e := &Env{App: a, URL: srv.URL + cfg.Prefix, Server: srv, tb: tb}
	tb.Cleanup(e.Close)
	return e
}

// Close stops the proxy; it may be called twice.
func (e *Env) Close() {
	e.close.Do(func() {
		e.Server.Close()
		_ = e.App.Close()
	})
}

// Call POSTs params as JSON to the API path (e.g. "/tickets/getTicketList")
// and returns the status and the raw answer.
func (e *Env) Call(path string, params map[string]any) (int, []byte) {
	e.tb.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		e.tb.Fatalf("apptest: encode params: %v", err)
	}
	resp, err := http.Post(e.URL+path, "application/json", bytes.NewReader(body))
	if err != nil {
		e.tb.Fatalf("apptest: POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.tb.Fatalf("apptest: read %s: %v", path, err)
	}
	// Every answer a test sees is held to the OpenAPI document: a
	// handler and the document cannot disagree unnoticed. Only methods'
	// answers (HTTP 200) have a schema; 404, 413, 429, 503 do not.
	if resp.StatusCode == http.StatusOK && openapitest.Known(path) {
		if err := openapitest.ValidateAnswer(path, resp.StatusCode, resp.Header.Get("Content-Type"), b); err != nil {
			e.tb.Errorf("apptest: %s answered what openapi.json does not allow: %v\n%.2000q", path, err, b)
		}
	}
	return resp.StatusCode, b
}

// CallJSON is Call decoded into a map.
func (e *Env) CallJSON(path string, params map[string]any) map[string]any {
	e.tb.Helper()
	_, b := e.Call(path, params)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		e.tb.Fatalf("apptest: %s answered non-JSON %q: %v", path, b, err)
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
		e.tb.Fatalf("apptest: login %s: %v", user, out)
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
