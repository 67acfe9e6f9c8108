package app_test

import (
	"bufio"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/logtest"
)

// upstreamLine is the debug line of one call to OTRS.
type upstreamLine struct {
	Level, Message, Channel, Operation, Outcome string
	RequestID                                   string  `json:"request_id"`
	Status                                      int     `json:"status"`
	DurationMS                                  float64 `json:"duration_ms"`
	Retries                                     *int    `json:"retries"`
}

func keys(m map[string]upstreamLine) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// postWithID sends params as JSON with a request id and returns the answer.
func postWithID(t *testing.T, env *apptest.Env, path, requestID string, params map[string]any) map[string]any {
	t.Helper()
	req := env.Request(path, params)
	req.Header.Set("X-Request-ID", requestID)
	_, b := env.Do(req)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %q", path, b)
	}
	return out
}

// At debug, every call to OTRS leaves one line that says which channel
// and operation, what OTRS answered, how long it took and for which
// request; no line holds the token or the password (issue 17). At
// RS4OTRS_LOG_LEVEL=debug the proxy wrote no line at all of its own.
func TestDebugLogShowsUpstreamCalls(t *testing.T) {
	var logs logtest.Buffer
	env := apptest.StartLogged(t, &logs, func(c *config.Config) { c.Metrics = true })

	const password = "AgentFull123!"
	login := postWithID(t, env, "/auth/login", "req-login", map[string]any{"User": "agent.full", "Password": password})
	token, _ := login["SessionValue"].(string)
	if login["Response"] != "OK" || token == "" {
		t.Fatalf("login: %v", login)
	}
	if out := postWithID(t, env, "/tickets/getTicketList", "req-list", map[string]any{"OTRSAgentInterface": token}); out["Response"] != "OK" {
		t.Fatalf("getTicketList: %v", out)
	}
	if out := postWithID(t, env, "/auth/logout", "req-logout", map[string]any{"OTRSAgentInterface": token, "ChallengeToken": login["ChallengeToken"]}); out["Response"] != "OK" {
		t.Fatalf("logout: %v", out)
	}

	seen := map[string]upstreamLine{} // request id/channel/operation -> line
	text := logs.String()
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l upstreamLine
		if json.Unmarshal(sc.Bytes(), &l) != nil || l.Message != "upstream" {
			continue
		}
		if l.Level != "debug" || l.Outcome == "" || l.Retries == nil || l.DurationMS <= 0 {
			t.Errorf("incomplete upstream line %s", sc.Bytes())
		}
		seen[l.RequestID+"/"+l.Channel+"/"+l.Operation] = l
	}
	for _, want := range []struct{ key, outcome string }{
		{"req-login/web/Login", "ok"},
		{"req-list/gi/TicketSearch", "ok"},
		{"req-list/gi/TicketGet", "ok"},
		{"req-logout/web/Logout", "ok"},
	} {
		l, ok := seen[want.key]
		if !ok {
			t.Errorf("no upstream line %s; saw %v", want.key, keys(seen))
			continue
		}
		if l.Outcome != want.outcome || l.Status == 0 {
			t.Errorf("%s: outcome %q status %d", want.key, l.Outcome, l.Status)
		}
	}
	web := false
	for k := range seen {
		web = web || strings.HasPrefix(k, "req-logout/web/")
	}
	if !web {
		t.Errorf("no agent-interface line for the logout; saw %v", keys(seen))
	}
	// At info, the channels the proxy runs with, one line each.
	for _, want := range []string{
		`"routes":"stock","url":"http://127.0.0.1:`, `"message":"otrs: GenericInterface channel"`,
		`"message":"otrs: agent-interface channel"`, `"message":"catalog: demo data (in memory)"`,
		`"message":"push: on; intake at /push/notification and /push/event"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no start-up line with %s", want)
		}
	}
	for _, secret := range []string{token, password} {
		if strings.Contains(text, secret) {
			t.Errorf("the log holds a secret %q", secret)
		}
	}

	// The same calls on /metrics, with their channel.
	metrics := env.Metrics()
	for _, want := range []string{
		`rs4otrs_upstream_requests_total{channel="gi",operation="TicketSearch",outcome="ok"} 1`,
		`rs4otrs_upstream_duration_seconds_count{channel="web",operation="Logout"}`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
