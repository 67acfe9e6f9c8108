package connlimit

import (
	"context"
	"errors"
	"testing"
	"time"
)

// waitQueued waits until n calls queue.
func waitQueued(t *testing.T, l *Limiter, n int) {
	t.Helper()
	for range 1000 {
		if _, q := l.Stats(); q == n {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("never %d queued", n)
}

// Past the bound, calls wait and get their slot in the order they came;
// a waiter whose context ends leaves the line without taking a slot.
func TestFIFOAndCancel(t *testing.T) {
	l := New(2, nil)
	ctx := context.Background()
	for range 2 {
		if err := l.Acquire(ctx); err != nil {
			t.Fatal(err)
		}
	}
	order := make(chan int, 3)
	gone, leave := context.WithCancel(ctx)
	left := make(chan error, 1)
	for i := range 3 {
		c := ctx
		if i == 1 {
			c = gone
		}
		go func() {
			if err := l.Acquire(c); err != nil {
				left <- err
				return
			}
			order <- i
		}()
		waitQueued(t, l, i+1)
	}
	leave()
	if err := <-left; !errors.Is(err, context.Canceled) {
		t.Fatalf("the canceled waiter: %v", err)
	}
	waitQueued(t, l, 2)
	if in, _ := l.Stats(); in != 2 {
		t.Fatalf("%d in flight, want the bound 2", in)
	}
	l.Release()
	if got := <-order; got != 0 {
		t.Fatalf("first slot went to waiter %d, want 0", got)
	}
	l.Release()
	if got := <-order; got != 2 {
		t.Fatalf("second slot went to waiter %d, want 2", got)
	}
	l.Release()
	l.Release()
	if in, q := l.Stats(); in != 0 || q != 0 {
		t.Fatalf("after all released: %d in flight, %d queued", in, q)
	}
}
