// Package latency is the fake OTRS's latency model: how long a real
// Znuny takes to answer each GenericInterface operation and each
// agent-interface action (Table, with its sources), plus a cost per
// ticket of a TicketGet and per byte of body. The fake answers in
// microseconds; with a Model it answers as slowly as OTRS does, so that
// benchmarks show what a mobile user waits for: the proxy's round trips.
package latency

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/roundtrip"
)

// Row is the recorded latency of one operation or action.
type Row struct {
	// Op is as roundtrip.Call names it: "GI TicketGet", "web Logout".
	Op          string
	Median, P95 float64 // ms
	// Source is where the figures come from.
	Source string
}

// Model draws each call's delay. It is safe for concurrent use.
type Model struct {
	// fixed, when set, is every call's delay (Constant).
	fixed   time.Duration
	sampled bool
	mu      sync.Mutex
	rng     *rand.Rand
	rows    map[string]Row
}

// Modes are the names Parse takes, as RS4OTRS_DEMO_LATENCY does.
const (
	Off     = "off"
	Median  = "median"
	Sampled = "sampled"
)

// New returns the recorded model: with sampled false every call takes its
// row's median (deterministic, for comparable benchmark runs); with
// sampled true a delay drawn from a log-normal distribution with the
// row's median and p95, from a generator seeded with seed.
func New(sampled bool, seed uint64) *Model {
	m := &Model{sampled: sampled, rng: rand.New(rand.NewPCG(seed, seed)), rows: map[string]Row{}}
	for _, r := range Table {
		m.rows[r.Op] = r
	}
	return m
}

// Constant returns a model in which every call takes d, whatever it is:
// for tests that must see which calls overlapped.
func Constant(d time.Duration) *Model { return &Model{fixed: d} }

// Parse returns the model mode names (Off: nil).
func Parse(mode string, seed uint64) (*Model, error) {
	switch mode {
	case Off, "":
		return nil, nil
	case Median:
		return New(false, seed), nil
	case Sampled:
		return New(true, seed), nil
	}
	return nil, fmt.Errorf("latency model %q: want %s, %s or %s", mode, Off, Median, Sampled)
}

// Delay is how long OTRS would have taken to answer c.
func (m *Model) Delay(c roundtrip.Call) time.Duration {
	if m.fixed > 0 {
		return m.fixed
	}
	r, ok := m.rows[c.Op]
	if !ok {
		// An action's row stands for its subactions.
		action, _, _ := strings.Cut(c.Op, "/")
		if r, ok = m.rows[action]; !ok {
			kind, _, _ := strings.Cut(c.Op, " ")
			r = defaults[kind]
		}
	}
	ms := r.Median
	if m.sampled && r.P95 > r.Median {
		m.mu.Lock()
		z := m.rng.NormFloat64()
		m.mu.Unlock()
		// log-normal: the median is exp(mu), the p95 exp(mu+1.645 sigma);
		// capped at twice the p95, as no recording went further.
		sigma := math.Log(r.P95/r.Median) / 1.6449
		ms = math.Min(r.Median*math.Exp(sigma*z), 2*r.P95)
	}
	ms += PerTicket * float64(max(c.Tickets-1, 0))
	ms += PerMB * float64(c.Bytes) / 1e6
	return time.Duration(ms * float64(time.Millisecond))
}
