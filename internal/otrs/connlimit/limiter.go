// Package connlimit bounds the connections the proxy holds to OTRS at
// once. OTRS answers every request with "Connection: close" and serves it
// with one of Apache prefork's fixed workers (150 by default), so each
// call in flight is one connection and one worker: past the bound, calls
// wait in a first-come, first-served queue for as long as their request's
// context allows, instead of overloading Apache.
package connlimit

import (
	"container/list"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Limiter hands out at most Max slots; the rest wait in FIFO order. It is
// safe for concurrent use; one Limiter serves every channel to one OTRS.
type Limiter struct {
	max int
	// waited, when set, hears how long each granted call queued (0 when
	// it did not).
	waited func(time.Duration)

	mu       sync.Mutex
	inFlight int
	// queue holds a chan struct{} per waiter, oldest first; a slot is
	// handed over by closing it.
	queue list.List
}

// New returns a Limiter of n slots (at least 1). waited may be nil.
func New(n int, waited func(time.Duration)) *Limiter {
	return &Limiter{max: max(n, 1), waited: waited}
}

// Stats returns the slots in use and the calls waiting.
func (l *Limiter) Stats() (inFlight, queued int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.inFlight, l.queue.Len()
}

// Acquire takes a slot, waiting in line while all are taken, or returns
// ctx's error when it ends first. Each successful Acquire needs one
// Release.
func (l *Limiter) Acquire(ctx context.Context) error {
	start := time.Now()
	l.mu.Lock()
	if l.inFlight < l.max && l.queue.Len() == 0 {
		l.inFlight++
		l.mu.Unlock()
		l.observe(0)
		return nil
	}
	ready := make(chan struct{})
	e := l.queue.PushBack(ready)
	l.mu.Unlock()
	select {
	case <-ready:
		l.observe(time.Since(start))
		return nil
	case <-ctx.Done():
		l.mu.Lock()
		select {
		case <-ready:
			// Granted as the context ended: pass the slot on.
			l.mu.Unlock()
			l.Release()
		default:
			l.queue.Remove(e)
			l.mu.Unlock()
		}
		return fmt.Errorf("waiting for a connection to OTRS: %w", context.Cause(ctx))
	}
}

// Release returns a slot: to the oldest waiter, or to the pool.
func (l *Limiter) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if front := l.queue.Front(); front != nil {
		l.queue.Remove(front)
		close(front.Value.(chan struct{})) // the slot passes on: inFlight unchanged
		return
	}
	l.inFlight--
}

func (l *Limiter) observe(d time.Duration) {
	if l.waited != nil {
		l.waited(d)
	}
}

// Transport returns next limited by l: a request holds its slot from
// sending until its answer's body is closed (an attachment streamed to
// the client keeps its connection to OTRS that long).
func (l *Limiter) Transport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &transport{l: l, next: next}
}

type transport struct {
	l    *Limiter
	next http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.l.Acquire(req.Context()); err != nil {
		if req.Body != nil {
			req.Body.Close() // RoundTrip must close it, even on error
		}
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		t.l.Release()
		return nil, err
	}
	resp.Body = &releasing{ReadCloser: resp.Body, release: t.l.Release}
	return resp, nil
}

// releasing releases the slot once, when the body is closed.
type releasing struct {
	io.ReadCloser
	once    sync.Once
	release func()
}

func (r *releasing) Close() error {
	err := r.ReadCloser.Close()
	r.once.Do(r.release)
	return err
}
