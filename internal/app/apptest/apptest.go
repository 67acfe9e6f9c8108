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
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/logtest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/openapi/openapitest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
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
	return start(tb, zerolog.New(io.Discard), opts)
}

// StartLogged is Start with the proxy logging at debug level into log.
func StartLogged(tb testing.TB, log *logtest.Buffer, opts ...Option) *Env {
	tb.Helper()
	return start(tb, zerolog.New(log).Level(zerolog.DebugLevel), opts)
}

func start(tb testing.TB, log zerolog.Logger, opts []Option) *Env {
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
	e := Serve(tb, cfg, log)
	e.App.API.Opts.Now = func() time.Time { return fakeotrs.SeedTime }
	e.Store = e.App.Demo.Store
	e.Store.Lock(func(s *fakeotrs.Store) { s.Now = func() time.Time { return fakeotrs.SeedTime } })
	return e
}

// Front starts a proxy in front of the OTRS whose GI web service is at
// webserviceURL (a fake, a faulty one, another replica's OTRS), with the
// challenge secret every replica shares and its own data dir. It logs at
// debug level into log, or nowhere when log is nil.
func Front(tb testing.TB, webserviceURL string, log *logtest.Buffer, opts ...Option) *Env {
	tb.Helper()
	c := config.Defaults()
	c.OTRSURL = webserviceURL
	c.ChallengeSecret = "shared-by-every-replica"
	c.DataDir = tb.TempDir()
	for _, o := range opts {
		o(&c)
	}
	if err := c.Validate(); err != nil {
		tb.Fatal(err)
	}
	l := zerolog.Nop()
	if log != nil {
		l = zerolog.New(log).Level(zerolog.DebugLevel)
	}
	return Serve(tb, &c, l)
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
	resp, b := e.Do(e.Request(path, params))
	status := resp.StatusCode
	// Every answer a test sees is held to the OpenAPI document: a
	// handler and the document cannot disagree unnoticed. Only methods'
	// answers (HTTP 200) have a schema; 404, 413, 429, 503 do not.
	if status == http.StatusOK && openapitest.Known(path) {
		if err := openapitest.ValidateAnswer(path, status, resp.Header.Get("Content-Type"), b); err != nil {
			e.tb.Errorf("apptest: %s answered what openapi.json does not allow: %v\n%.2000q", path, err, b)
		}
	}
	return status, b
}

// Request is the POST of params as JSON to the API path that Call sends,
// for a test that sets a header of its own and sends it with Do.
func (e *Env) Request(path string, params map[string]any) *http.Request {
	e.tb.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		e.tb.Fatalf("apptest: encode params: %v", err)
	}
	req, err := http.NewRequest(http.MethodPost, e.URL+path, bytes.NewReader(body))
	if err != nil {
		e.tb.Fatalf("apptest: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	return req
}

// Do sends req as the test built it (its verb, headers, body) and
// returns the answer, its body read whole and closed.
func (e *Env) Do(req *http.Request) (*http.Response, []byte) {
	e.tb.Helper()
	resp, err := http.DefaultClient.Do(req)
	_, b := e.answer(req.Method+" "+req.URL.Path, resp, err)
	return resp, b
}

// Get GETs an operational path of the server (e.g. "/readyz",
// "/metrics", "/openapi.json") and returns the status and the raw answer.
func (e *Env) Get(path string) (int, []byte) {
	e.tb.Helper()
	resp, err := http.Get(e.Server.URL + path)
	return e.answer("GET "+path, resp, err)
}

// Metrics is the proxy's /metrics page; it fails the test when the
// proxy keeps no metrics, so that a count read from it cannot be a
// silent 0.
func (e *Env) Metrics() string {
	e.tb.Helper()
	if e.App.Metrics == nil {
		e.tb.Fatal("apptest: metrics are off")
	}
	_, b := e.Get("/metrics")
	return string(b)
}

// UpstreamCalls is how many calls of GI or agent-interface operation op
// the proxy has made to OTRS, whatever their outcome.
func (e *Env) UpstreamCalls(op string) int {
	e.tb.Helper()
	n := 0
	for _, line := range strings.Split(e.Metrics(), "\n") {
		if strings.HasPrefix(line, "rs4otrs_upstream_requests_total{") && strings.Contains(line, `operation="`+op+`"`) {
			f := strings.Fields(line)
			v, _ := strconv.ParseFloat(f[len(f)-1], 64)
			n += int(v)
		}
	}
	return n
}

// GetJSON is Get decoded into v.
func (e *Env) GetJSON(path string, v any) int {
	e.tb.Helper()
	status, b := e.Get(path)
	if err := json.Unmarshal(b, v); err != nil {
		e.tb.Fatalf("apptest: %s answered non-JSON %q: %v", path, b, err)
	}
	return status
}

// answer reads a whole answer, failing the test if there is none.
func (e *Env) answer(what string, resp *http.Response, err error) (int, []byte) {
	e.tb.Helper()
	if err != nil {
		e.tb.Fatalf("apptest: %s: %v", what, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.tb.Fatalf("apptest: read %s: %v", what, err)
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

// SessionName is the token parameter's name: the SessionName the proxy's
// login answers.
func (e *Env) SessionName() string {
	if n := e.App.API.Opts.SessionName; n != "" {
		return n
	}
	return otrs.DefaultSessionName
}

// Login logs in and returns the session token; it fails the test if the
// login fails.
func (e *Env) Login(user, password string) string {
	e.tb.Helper()
	return e.LoginAnswer(user, password)["SessionValue"].(string)
}

// LoginAnswer logs in and returns the whole answer (SessionValue,
// ChallengeToken, SessionName…); it fails the test if the login fails.
func (e *Env) LoginAnswer(user, password string) map[string]any {
	e.tb.Helper()
	out := e.CallJSON("/auth/login", map[string]any{"User": user, "Password": password})
	if tok, _ := out["SessionValue"].(string); out["Response"] != "OK" || tok == "" {
		e.tb.Fatalf("apptest: login %s: %v", user, out)
	}
	return out
}

// Logout ends the session of a LoginAnswer through e, with its
// ChallengeToken; it fails the test unless e answers the contract's
// "Logout successful.".
func (e *Env) Logout(login map[string]any) {
	e.tb.Helper()
	out := e.CallJSON("/auth/logout", e.As(login["SessionValue"].(string), map[string]any{"ChallengeToken": login["ChallengeToken"]}))
	if out["Message"] != "Logout successful." {
		e.tb.Fatalf("apptest: logout: %v", out)
	}
}

// As returns params with the token added under the name the login
// answered as SessionName (OTRS's SysConfig SessionName: OTOBOAgentInterface
// on OTOBO), as the contract's clients send it.
// Typical use: env.CallJSON(path, env.As(token, map[string]any{...})).
func (e *Env) As(token string, params map[string]any) map[string]any {
	out := map[string]any{e.SessionName(): token}
	for k, v := range params {
		out[k] = v
	}
	return out
}
