package api_test

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
)

// otrsCalls reads the proxy's calls to OTRS (GI operations, agent-
// interface actions) from /metrics, as "channel/operation" counts.
func otrsCalls(t *testing.T, env *apptest.Env) map[string]int {
	t.Helper()
	resp, err := http.Get(env.Server.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "rs4otrs_upstream_requests_total{") {
			continue
		}
		var channel, op string
		for _, kv := range strings.Split(line[strings.Index(line, "{")+1:strings.Index(line, "}")], ",") {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "channel":
				channel, _ = strconv.Unquote(v)
			case "operation":
				op, _ = strconv.Unquote(v)
			}
		}
		if channel == "db" {
			continue
		}
		n, _ := strconv.ParseFloat(line[strings.LastIndex(line, " ")+1:], 64)
		out[channel+"/"+op] += int(n)
	}
	return out
}

// since is after minus before, without the unchanged entries.
func since(before, after map[string]int) map[string]int {
	d := map[string]int{}
	for k, v := range after {
		if v != before[k] {
			d[k] = v - before[k]
		}
	}
	return d
}

// TestLoginRoundTrips: /auth/login is the one agent-interface login and
// nothing else: the agent comes from the warm catalog, and the next call
// finds the session cached (issue 16 point 3: login ≤ 1.05× its floor,
// session validation 0 trips when cached). Without the catalog the login
// still asks GI SessionGet, and both ways answer the same agent.
func TestLoginRoundTrips(t *testing.T) {
	withCatalog := apptest.Start(t, func(c *config.Config) { c.Metrics = true })
	noCatalog := apptest.Start(t, func(c *config.Config) { c.Metrics = true })
	noCatalog.App.API.Catalog = nil
	for agent, password := range writeAgents {
		t.Run(agent, func(t *testing.T) {
			login := map[string]any{"User": agent, "Password": password}
			before := otrsCalls(t, withCatalog)
			got := withCatalog.CallJSON("/auth/login", login)
			if d := since(before, otrsCalls(t, withCatalog)); len(d) != 1 || d["web/Login"] != 1 {
				t.Errorf("login called OTRS %v, want only web/Login once", d)
			}
			before = otrsCalls(t, withCatalog)
			if out := withCatalog.CallJSON("/tickets/getTicketList", withCatalog.As(got["SessionValue"].(string), map[string]any{"Count": 1})); out["Response"] != "OK" {
				t.Fatalf("getTicketList after login: %v", out)
			}
			if d := since(before, otrsCalls(t, withCatalog)); d["gi/SessionGet"] != 0 {
				t.Errorf("the call after login asked SessionGet %d times, want 0", d["gi/SessionGet"])
			}

			before = otrsCalls(t, noCatalog)
			want := noCatalog.CallJSON("/auth/login", login)
			if d := since(before, otrsCalls(t, noCatalog)); d["gi/SessionGet"] != 1 {
				t.Errorf("login without a catalog called %v, want one SessionGet", d)
			}
			for _, k := range []string{"Me", "Settings", "Message", "SessionName"} {
				if g, w := fmt.Sprint(got[k]), fmt.Sprint(want[k]); g != w {
					t.Errorf("%s from the catalog %s, from SessionGet %s", k, g, w)
				}
			}
		})
	}
}
