// Package connlimit bounds the connections the proxy holds to OTRS at
// once. OTRS answers every request with "Connection: close" and serves it
// with one of Apache prefork's fixed workers (150 by default), so each
// call in flight is one connection and one worker: past the bound, calls
// wait in a first-come, first-served queue for as long as their request's
// context allows, instead of overloading Apache.
package connlimit

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"
)

// Limiter hands out at most n slots; the rest wait in FIFO order
// (semaphore.Weighted queues its waiters, and TryAcquire does not jump
// the line). It is safe for concurrent use; one Limiter serves every
// channel to one OTRS.
type Limiter struct {
	sem *semaphore.Weighted
	// waited, when set, hears how long each granted call queued (0 when
	// it did not).
	waited func(time.Duration)
	// inFlight and queued are for Stats (metrics); the semaphore alone
	// decides who goes.
	inFlight, queued atomic.Int64
}

// New returns a Limiter of n slots (at least 1). waited may be nil.
func New(n int, waited func(time.Duration)) *Limiter {
	return &Limiter{sem: semaphore.NewWeighted(int64(max(n, 1))), waited: waited}
}

// Stats returns the slots in use and the calls waiting.
func (l *Limiter) Stats() (inFlight, queued int) {
	return int(l.inFlight.Load()), int(l.queued.Load())
}

// Acquire takes a slot, waiting in line while all are taken, or returns
// ctx's error when it ends first. Each successful Acquire needs one
// Release.
func (l *Limiter) Acquire(ctx context.Context) error {
	if l.sem.TryAcquire(1) {
		l.inFlight.Add(1)
		l.observe(0)
		return nil
	}
	start := time.Now()
	l.queued.Add(1)
	err := l.sem.Acquire(ctx, 1)
	l.queued.Add(-1)
	if err != nil {
		return fmt.Errorf("waiting for a connection to OTRS: %w", context.Cause(ctx))
	}
	l.inFlight.Add(1)
	l.observe(time.Since(start))
	return nil
}

// Release returns a slot, to the oldest waiter if there is one.
func (l *Limiter) Release() {
	l.inFlight.Add(-1)
	l.sem.Release(1)
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
