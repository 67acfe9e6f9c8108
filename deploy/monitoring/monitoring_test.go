// Package monitoring holds the Grafana dashboard and the Prometheus alert
// rules of rs4otrs-proxy; its test keeps them to the metrics the proxy
// exports.
package monitoring

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"gopkg.in/yaml.v3"
)

// metricName finds the proxy's metric names in a PromQL expression.
// Label values cannot match: they are quoted, and the pattern needs a
// word boundary before the name.
var metricName = regexp.MustCompile(`\brs4otrs_[a-zA-Z0-9_]+`)

// dashboardExprs returns every "expr" in the dashboard, whatever its depth.
func dashboardExprs(t *testing.T) []string {
	b, err := os.ReadFile("grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("grafana-dashboard.json: %v", err)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "expr" {
					out = append(out, s)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	return out
}

// ruleExprs returns the expression of every alert rule; a rule without
// a name, an expression or a severity fails the test.
func ruleExprs(t *testing.T) []string {
	b, err := os.ReadFile("alerts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Groups []struct {
			Name  string
			Rules []struct {
				Alert, Expr, For string
				Labels           map[string]string
			}
		}
	}
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(false)
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("alerts.yaml: %v", err)
	}
	var out []string
	for _, g := range doc.Groups {
		for _, r := range g.Rules {
			if r.Alert == "" || r.Expr == "" || r.Labels["severity"] == "" {
				t.Errorf("alerts.yaml: incomplete rule %+v", r)
			}
			out = append(out, r.Expr)
		}
	}
	return out
}

// exported starts a proxy in demo mode, makes the traffic that brings
// every labelled metric out (a vector shows only once it has a child)
// and returns the metric names on its /metrics.
func exported(t *testing.T) map[string]bool {
	env := apptest.Start(t, func(c *config.Config) { c.Metrics, c.LoginFailuresPerClient = true, 1 })
	token := env.Login("agent.full", "AgentFull123!")
	if out := env.CallJSON("/tickets/getTicketList", env.As(token, nil)); out["Response"] != "OK" {
		t.Fatalf("getTicketList: %v", out)
	}
	for range 2 { // the second is refused by the limit of one failure
		env.Call("/auth/login", map[string]any{"User": "agent.full", "Password": "wrong"})
	}
	resp, err := http.Get(env.Server.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	names := map[string]bool{}
	sc := bufio.NewScanner(io.LimitReader(resp.Body, 8<<20))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, _, _ := strings.Cut(line, "{")
		name, _, _ = strings.Cut(name, " ")
		names[name] = true
	}
	return names
}

// TestDashboardAndRulesUseExportedMetrics: every rs4otrs_ metric the
// dashboard and the alert rules name exists on /metrics of a running
// proxy, so that neither can drift from the code unnoticed.
func TestDashboardAndRulesUseExportedMetrics(t *testing.T) {
	names := exported(t)
	for file, exprs := range map[string][]string{"grafana-dashboard.json": dashboardExprs(t), "alerts.yaml": ruleExprs(t)} {
		if len(exprs) == 0 {
			t.Errorf("%s: no expression found", file)
		}
		used := map[string]bool{}
		for _, e := range exprs {
			for _, n := range metricName.FindAllString(e, -1) {
				used[n] = true
			}
		}
		exportedBase := map[string]bool{}
		for n := range names {
			exportedBase[base(n)] = true
		}
		for n := range used {
			if !exportedBase[base(n)] {
				t.Errorf("%s uses %s, which /metrics does not export; exported: %v", file, n, proxyNames(names))
			}
		}
	}
}

// base is a metric's name without the suffix of a histogram's series
// (_bucket, _sum, _count): an expression may name any of them.
func base(name string) string {
	for _, suffix := range []string{"_bucket", "_sum", "_count"} {
		if b, ok := strings.CutSuffix(name, suffix); ok {
			return b
		}
	}
	return name
}

func proxyNames(names map[string]bool) []string {
	var out []string
	for n := range names {
		if strings.HasPrefix(n, "rs4otrs_") {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
