package perf_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/latency"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perf"
)

// BenchmarkMethods times each of the 40 methods through the proxy (ns/op,
// ms/call) and its floor, the OTRS calls it cannot avoid sent straight to
// the same fake (floor-ms/call), with the fake answering in each call's
// recorded median time (RS4OTRS_DEMO_LATENCY=median: runs compare). ratio
// is the one over the other; a method without a floor reports none.
// benchstat reads every metric.
func BenchmarkMethods(b *testing.B) {
	ctx := context.Background()
	env := apptest.Start(b, func(c *config.Config) { c.DemoLatency, c.TrustedProxies = latency.Median, perf.TrustedClients })
	f, err := perf.NewFixture(ctx, env.App, env.URL)
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range perf.Methods {
		b.Run(strings.TrimPrefix(m.Path, "/"), func(b *testing.B) {
			// One untimed call of each fills the caches.
			if _, _, err := f.Both(ctx, m); err != nil {
				b.Fatal(err)
			}
			var proxy, floor time.Duration
			n := 0
			for b.Loop() {
				d, err := f.TimeProxy(ctx, m)
				if err != nil {
					b.Fatal(err)
				}
				proxy += d
				n++
				if m.Floor == nil {
					continue
				}
				b.StopTimer()
				fd, err := f.TimeFloor(ctx, m)
				if err != nil {
					b.Fatal(err)
				}
				floor += fd
				b.StartTimer()
			}
			// An even number of calls leaves the work ticket as it was
			// for the next method (perf.Measure).
			if n%2 == 0 {
				if _, _, err := f.Both(ctx, m); err != nil {
					b.Fatal(err)
				}
			}
			perCall := func(d time.Duration) float64 { return float64(d) / float64(n) / float64(time.Millisecond) }
			b.ReportMetric(perCall(proxy), "ms/call")
			if floor > 0 {
				b.ReportMetric(perCall(floor), "floor-ms/call")
				b.ReportMetric(float64(proxy)/float64(floor), "ratio")
			}
		})
	}
}
