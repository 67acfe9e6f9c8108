package latency

import (
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/roundtrip"
)

func TestDelay(t *testing.T) {
	ms := func(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }
	m := New(false, 1)
	for _, tc := range []struct {
		name string
		call roundtrip.Call
		want time.Duration
	}{
		{"one ticket", roundtrip.Call{Op: "GI TicketGet", Tickets: 1}, ms(20.6)},
		{"five tickets", roundtrip.Call{Op: "GI TicketGet", Tickets: 5}, ms(20.6 + 4*PerTicket)},
		{"a megabyte", roundtrip.Call{Op: "GI TicketUpdate", Bytes: 1e6}, ms(63.1 + PerMB)},
		{"unknown operation", roundtrip.Call{Op: "GI Nothing"}, ms(20.6)},
		{"unknown action", roundtrip.Call{Op: "web Nothing"}, ms(312)},
		{"page", roundtrip.Call{Op: "web Logout"}, ms(158.2)},
		{"subaction of its own", roundtrip.Call{Op: "web AgentTicketZoom/MarkAsSeen"}, ms(52.4)},
		{"subaction without a row", roundtrip.Call{Op: "web AgentTicketWatcher/Subscribe"}, ms(68.5)},
	} {
		if got := m.Delay(tc.call); got.Round(time.Microsecond) != tc.want.Round(time.Microsecond) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The same seed draws the same delays; the draws spread around the
// median as the recording did.
func TestSampled(t *testing.T) {
	a, b := New(true, 7), New(true, 7)
	c := roundtrip.Call{Op: "GI TicketSearch"}
	var below, aboveP95 int
	const n = 2000
	for range n {
		d := a.Delay(c)
		if d != b.Delay(c) {
			t.Fatal("same seed, different delays")
		}
		if d < 24100*time.Microsecond {
			below++
		}
		if d > 29400*time.Microsecond {
			aboveP95++
		}
	}
	if below < n*45/100 || below > n*55/100 {
		t.Errorf("%d of %d below the median", below, n)
	}
	if aboveP95 < n*3/100 || aboveP95 > n*7/100 {
		t.Errorf("%d of %d above the p95", aboveP95, n)
	}
}

func TestParse(t *testing.T) {
	for _, mode := range []string{"", Off} {
		if m, err := Parse(mode, 1); m != nil || err != nil {
			t.Errorf("Parse(%q) = %v, %v; want nil, nil", mode, m, err)
		}
	}
	if _, err := Parse("fast", 1); err == nil {
		t.Error("Parse(fast): no error")
	}
	if m, _ := Parse(Median, 1); m == nil || m.sampled {
		t.Error("Parse(median): not the median model")
	}
}

// Every row has a source and a p95 not below its median.
func TestTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Table {
		if r.Source == "" || r.P95 < r.Median || r.Median <= 0 || seen[r.Op] {
			t.Errorf("bad row %+v", r)
		}
		seen[r.Op] = true
	}
}
