package roundtrip

import (
	"context"
	"testing"
	"time"
)

func TestSequential(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	at := func(from, to int) Call {
		return Call{Start: t0.Add(time.Duration(from) * time.Millisecond), End: t0.Add(time.Duration(to) * time.Millisecond)}
	}
	for _, tc := range []struct {
		name  string
		calls []Call
		want  int
	}{
		{"none", nil, 0},
		{"one", []Call{at(0, 10)}, 1},
		{"one after another", []Call{at(0, 10), at(10, 20), at(25, 30)}, 3},
		{"overlapping", []Call{at(0, 10), at(1, 11), at(2, 12)}, 1},
		{"two overlapping, then one", []Call{at(0, 10), at(1, 12), at(12, 20)}, 2},
		{"a long one beside a chain", []Call{at(0, 100), at(1, 10), at(11, 20), at(21, 30)}, 3},
		{"given out of order", []Call{at(21, 30), at(0, 10), at(11, 20)}, 3},
	} {
		if got := Sequential(tc.calls); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestNameAndRecorder(t *testing.T) {
	Name(context.Background(), "GI TicketGet", 3) // no Call: nothing happens
	c := &Call{Start: time.Now()}
	Name(With(context.Background(), c), "GI TicketGet", 3)
	if c.Op != "GI TicketGet" || c.Tickets != 3 {
		t.Fatalf("Name: %+v", c)
	}
	var r Recorder
	later := *c
	later.Start = later.Start.Add(time.Second)
	r.Add(later)
	r.Add(*c)
	got := r.Take()
	if len(got) != 2 || !got[0].Start.Equal(c.Start) {
		t.Errorf("Take: %+v, want the two calls in start order", got)
	}
	if again := r.Take(); len(again) != 0 {
		t.Errorf("second Take: %+v", again)
	}
}
