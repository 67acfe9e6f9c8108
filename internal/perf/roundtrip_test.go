package perf_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/latency"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/roundtrip"
	"github.com/rs4otrs/rs4otrs-proxy/internal/openapi/openapitest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perf"
)

// tripDelay is every OTRS answer's time in the round-trip test: long
// enough that calls the proxy overlaps overlap at the fake too, even on a
// loaded machine.
const tripDelay = 25 * time.Millisecond

const roundTripsFile = "testdata/roundtrips.txt"

// TestRoundTrips holds every method to the OTRS round trips it makes, on
// its critical path (one after another) and in total, with the token not
// yet validated by the proxy (cold) and validated (warm), so that they
// cannot creep up: testdata/roundtrips.txt is the table (go test -update
// rewrites it; docs/PERFORMANCE.md quotes it).
func TestRoundTrips(t *testing.T) {
	lines := make([]string, len(perf.Methods))
	t.Run("methods", func(t *testing.T) {
		for i, m := range perf.Methods {
			t.Run(strings.TrimPrefix(m.Path, "/"), func(t *testing.T) {
				t.Parallel()
				lines[i] = trips(t, m)
			})
		}
	})
	compareTable(t, roundTripsFile, "# method | cache | sequential | total | OTRS calls, sorted (go test -update rewrites this file)\n"+
		strings.Join(lines, "\n")+"\n")
}

// trips calls m through the proxy in front of a fake OTRS whose every
// answer takes tripDelay, first with a token the proxy has not seen
// (cold), then with one it has validated (warm; an open method's second
// call), and describes the OTRS calls each caused. The calls alternate
// their values (perf.Methods), so the second finds work to do too.
func trips(t *testing.T, m perf.Method) string {
	ctx := context.Background()
	env := apptest.Start(t)
	f, err := perf.NewFixture(ctx, env.App, env.URL)
	if err != nil {
		t.Fatal(err)
	}
	var rec roundtrip.Recorder
	env.App.Demo.SetLatency(latency.Constant(tripDelay))
	env.App.Demo.RecordTrips(&rec)
	var lines []string
	for _, warm := range []bool{false, true} {
		var tok string
		if !m.Open {
			if tok, err = f.NewSession(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if warm && !m.Open {
			if err := f.Call(ctx, perf.WarmUp, tok); err != nil {
				t.Fatal(err)
			}
		}
		settle(&rec)
		a, err := f.Post(ctx, m, tok)
		if err == nil {
			err = a.OK()
		}
		if err != nil {
			t.Fatalf("%s: %v", m.Path, err)
		}
		if err := openapitest.ValidateAnswer(m.Path, a.Status, a.ContentType, a.Body); err != nil {
			t.Errorf("%s answered what openapi.json does not allow: %v", m.Path, err)
		}
		calls := settle(&rec)
		var waited []roundtrip.Call
		var ops []string
		for _, c := range calls {
			// A call still running when the answer came is one the
			// proxy did not wait for.
			if !c.End.After(a.At) {
				waited = append(waited, c)
			}
			ops = append(ops, c.Op)
		}
		// Calls at once start in any order: the list is sorted.
		slices.Sort(ops)
		cache := map[bool]string{false: "cold", true: "warm"}[warm]
		lines = append(lines, fmt.Sprintf("%s | %s | %d | %d | %s", m.Path, cache, roundtrip.Sequential(waited), len(calls), strings.Join(ops, ", ")))
	}
	return strings.Join(lines, "\n")
}

// settle waits until the fake has been quiet for a while (a call the
// proxy makes in the background after answering still counts) and
// returns what it recorded.
func settle(rec *roundtrip.Recorder) []roundtrip.Call {
	var all []roundtrip.Call
	for quiet := 0; quiet < 2; {
		time.Sleep(2 * tripDelay)
		got := rec.Take()
		if len(got) == 0 {
			quiet++
		}
		all = append(all, got...)
	}
	return all
}
