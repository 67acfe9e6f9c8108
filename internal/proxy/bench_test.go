package proxy_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/fakeotrstest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// latencies records each operation's duration and reports p50 and p99
// next to ns/op, so one run gives both throughput and tail latency.
type latencies []time.Duration

func (l *latencies) time(fn func()) {
	start := time.Now()
	fn()
	*l = append(*l, time.Since(start))
}

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	b.ReportMetric(float64(l[len(l)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(l[len(l)*99/100].Microseconds()), "p99-µs")
}

func post(b *testing.B, url, body string) {
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: HTTP %d", url, resp.StatusCode)
	}
}

// BenchmarkLogin is /auth/login through the proxy; BenchmarkFakeLogin is
// the same SessionCreate + SessionGet sent straight to the fake OTRS. Their
// ratio is the proxy's own overhead.
func BenchmarkLogin(b *testing.B) {
	env := apptest.Start(b)
	var l latencies
	for b.Loop() {
		l.time(func() { post(b, env.URL+"/auth/login", `{"User":"demo","Password":"demo"}`) })
	}
	l.report(b)
}

// fakeClient is a GI client talking straight to a new fake OTRS.
func fakeClient(b *testing.B) *gi.Client {
	_, srv := fakeotrstest.Start(b)
	c, err := gi.New(gi.Config{URL: srv.URL + fakeotrs.StockWebservicePath})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkFakeLogin(b *testing.B) {
	c := fakeClient(b)
	ctx := context.Background()
	var l latencies
	for b.Loop() {
		l.time(func() {
			id, err := c.SessionCreate(ctx, "demo", "demo")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := c.SessionGet(ctx, id); err != nil {
				b.Fatal(err)
			}
		})
	}
	l.report(b)
}

// BenchmarkTokenValidated is a method call with a token the proxy has
// already validated (cached): what every call after login costs the proxy.
// The method answers from the session alone (a wrong ChallengeToken on
// logout), so the figure is the proxy's own cost per call.
func BenchmarkTokenValidated(b *testing.B) {
	env := apptest.Start(b)
	tok := env.Login("demo", "demo")
	body := `{"OTRSAgentInterface":"` + tok + `","ChallengeToken":"wrong"}`
	var l latencies
	for b.Loop() {
		l.time(func() { post(b, env.URL+"/auth/logout", body) })
	}
	l.report(b)
}

// BenchmarkFakeSessionGet is the fake's SessionGet alone: what a token
// validation would cost without the proxy's cache.
func BenchmarkFakeSessionGet(b *testing.B) {
	c := fakeClient(b)
	ctx := context.Background()
	id, err := c.SessionCreate(ctx, "demo", "demo")
	if err != nil {
		b.Fatal(err)
	}
	var l latencies
	for b.Loop() {
		l.time(func() {
			if _, err := c.SessionGet(ctx, id); err != nil {
				b.Fatal(err)
			}
		})
	}
	l.report(b)
}
