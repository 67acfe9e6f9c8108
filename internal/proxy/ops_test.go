package proxy_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
)

func get(env *apptest.Env, url string, header map[string]string) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, b := env.Do(req)
	return resp, string(b)
}

func TestOperationalEndpoints(t *testing.T) {
	env := apptest.Start(t, func(c *config.Config) { c.Metrics = true })
	base := env.Server.URL
	tok := env.Login("demo", "demo")
	env.Call("/tickets/getTicketList", env.As(tok, map[string]any{"Count": 1}))
	tests := []struct {
		path, want string
		status     int
	}{
		{"/healthz", "ok", http.StatusOK},
		{"/readyz", `"otrs":"ok"`, http.StatusOK},
		{"/metrics", `rs4otrs_requests_total{method="/otrs/api/auth/login",response="OK",status="200"} 1`, http.StatusOK},
		{"/metrics", `rs4otrs_upstream_requests_total{channel="web",operation="Login",outcome="ok"} 1`, http.StatusOK},
		{"/metrics", `rs4otrs_upstream_requests_total{channel="gi",operation="TicketSearch",outcome="ok"} 1`, http.StatusOK},
		{"/metrics", `rs4otrs_cache_requests_total`, http.StatusOK},
		{"/openapi.json", `"openapi": "3.1.0"`, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(env, base+tt.path, nil)
			if resp.StatusCode != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("GET %s = %d, body lacks %q:\n%.2000s", tt.path, resp.StatusCode, tt.want, body)
			}
		})
	}
}

func TestHeadersOnEveryAnswer(t *testing.T) {
	env := apptest.Start(t)
	tests := []struct {
		name, path, requestID string
		keepID                bool
	}{
		{"API error", "/otrs/api/tickets/getTicketList", "abc-123", true},
		{"unknown path", "/nowhere", "", false},
		{"health", "/healthz", "bad id with spaces", false},
		{"overlong id", "/healthz", strings.Repeat("a", 200), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, _ := get(env, env.Server.URL+tt.path, map[string]string{"X-Request-ID": tt.requestID})
			for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy", "Cache-Control"} {
				if resp.Header.Get(h) == "" {
					t.Errorf("no %s", h)
				}
			}
			id := resp.Header.Get("X-Request-ID")
			if id == "" || (tt.keepID && id != tt.requestID) || (!tt.keepID && id == tt.requestID) {
				t.Errorf("X-Request-ID %q (sent %q)", id, tt.requestID)
			}
			if resp.Header.Get("Access-Control-Allow-Origin") != "" {
				t.Error("CORS answered although it is off")
			}
		})
	}
}

func TestCORSWhenConfigured(t *testing.T) {
	env := apptest.Start(t, func(c *config.Config) { c.CORSOrigins = []string{"https://app.example.com"} })
	for origin, want := range map[string]string{"https://app.example.com": "https://app.example.com", "https://evil.example": ""} {
		resp, _ := get(env, env.URL+"/auth/login", map[string]string{"Origin": origin})
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("Origin %s: Allow-Origin %q, want %q", origin, got, want)
		}
	}
}

// TestLoginLimit shows that after too many failures even the right
// password gets the contract's login error, per login and per client.
func TestLoginLimit(t *testing.T) {
	const failed = "Login failed! Your user name or password was entered incorrectly."
	tests := []struct {
		name  string
		limit func(*config.Config)
		// wrong are the logins tried with a bad password first.
		wrong []string
	}{
		{"per login", func(c *config.Config) { c.LoginFailuresPerLogin = 2 }, []string{"demo", "demo"}},
		{"per client", func(c *config.Config) { c.LoginFailuresPerClient = 2 }, []string{"x1", "x2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := apptest.Start(t, tt.limit)
			if _, b := env.Call("/auth/login", map[string]any{"User": "demo", "Password": "demo"}); !strings.Contains(string(b), `"OK"`) {
				t.Fatalf("first login: %s", b)
			}
			for _, u := range tt.wrong {
				env.Call("/auth/login", map[string]any{"User": u, "Password": "wrong"})
			}
			_, b := env.Call("/auth/login", map[string]any{"User": "demo", "Password": "demo"})
			if !strings.Contains(string(b), failed) {
				t.Errorf("login after %d failures: %s", len(tt.wrong), b)
			}
		})
	}
}
