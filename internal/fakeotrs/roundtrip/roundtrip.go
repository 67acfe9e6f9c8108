// Package roundtrip records the requests the fake OTRS serves: which GI
// operation or agent-interface action each was, when it started and ended,
// and how long the longest chain of them that had to wait for one another
// was. A proxy's latency in front of a real OTRS is mostly the number of
// such round trips on its critical path (issue 16), so the tests count
// them.
package roundtrip

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"
)

// Call is one request the fake OTRS served.
type Call struct {
	// Op names what OTRS did: "GI TicketGet", "web AgentTicketZoom/MarkAsSeen".
	Op string
	// Tickets is how many tickets a TicketGet answered (0 otherwise).
	Tickets int
	// Bytes are the request's and the answer's bodies together.
	Bytes int64
	// Start is when the request arrived, End when its answer was written.
	Start, End time.Time
}

type key struct{}

// With returns ctx carrying c, for the fake's handlers to describe the
// request through Name.
func With(ctx context.Context, c *Call) context.Context { return context.WithValue(ctx, key{}, c) }

// Name tells the Call in ctx, if any, what the request was and, for a
// TicketGet, how many tickets it answered.
func Name(ctx context.Context, op string, tickets int) {
	if c, ok := ctx.Value(key{}).(*Call); ok {
		c.Op, c.Tickets = op, tickets
	}
}

// Recorder collects Calls. It is safe for concurrent use.
type Recorder struct {
	mu    sync.Mutex
	calls []Call
}

// Add records c.
func (r *Recorder) Add(c Call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, c)
}

// Take returns the calls recorded since the last Take, in start order,
// and forgets them.
func (r *Recorder) Take() []Call {
	r.mu.Lock()
	out := r.calls
	r.calls = nil
	r.mu.Unlock()
	slices.SortStableFunc(out, func(a, b Call) int { return a.Start.Compare(b.Start) })
	return out
}

// Sequential is the length of the longest chain of calls each of which
// started after the one before had ended: the round trips a caller
// waited for one after another. Calls that overlapped count once.
func Sequential(calls []Call) int {
	byEnd := slices.Clone(calls)
	slices.SortFunc(byEnd, func(a, b Call) int { return cmp.Or(a.End.Compare(b.End), a.Start.Compare(b.Start)) })
	chain := make([]int, len(byEnd))
	longest := 0
	for i, c := range byEnd {
		chain[i] = 1
		for j := range i {
			if !byEnd[j].End.After(c.Start) {
				chain[i] = max(chain[i], chain[j]+1)
			}
		}
		longest = max(longest, chain[i])
	}
	return longest
}
