package fakeotrs

import (
	"bytes"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/latency"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/roundtrip"
)

// timing holds the fake's latency model and round-trip recorder; both
// are off (nil) unless set, so that tests run at the fake's own speed.
type timing struct {
	model atomic.Pointer[latency.Model]
	trips atomic.Pointer[roundtrip.Recorder]
}

// SetLatency makes every answer take as long as m says a real OTRS takes
// (nil: as fast as the fake can). It may be called while serving.
func (o *OTRS) SetLatency(m *latency.Model) { o.timing.model.Store(m) }

// RecordTrips records every request served in r (nil: none). It may be
// called while serving.
func (o *OTRS) RecordTrips(r *roundtrip.Recorder) { o.timing.trips.Store(r) }

// ServeHTTP serves the fake. With a model or a recorder it holds the
// answer back until the model's delay (counted from the request's
// arrival) has passed, then sends it and records the call.
func (o *OTRS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m, rec := o.timing.model.Load(), o.timing.trips.Load()
	if m == nil && rec == nil {
		o.mux.ServeHTTP(w, r)
		return
	}
	c := &roundtrip.Call{Start: time.Now()}
	in := &countingReader{r: r.Body}
	r.Body = in
	out := &heldAnswer{header: w.Header(), status: http.StatusOK}
	o.mux.ServeHTTP(out, r.WithContext(roundtrip.With(r.Context(), c)))
	c.Bytes = in.n + int64(out.body.Len())
	if m != nil {
		wait := time.NewTimer(time.Until(c.Start.Add(m.Delay(*c))))
		select {
		case <-wait.C:
		case <-r.Context().Done():
			wait.Stop()
		}
	}
	w.WriteHeader(out.status)
	_, _ = w.Write(out.body.Bytes())
	c.End = time.Now()
	if rec != nil {
		rec.Add(*c)
	}
}

// heldAnswer keeps an answer until it may be sent. Its header is the
// real writer's: nothing is sent before WriteHeader.
type heldAnswer struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (h *heldAnswer) Header() http.Header { return h.header }

// WriteHeader keeps the first status, as net/http does.
func (h *heldAnswer) WriteHeader(status int) {
	if !h.wrote {
		h.status, h.wrote = status, true
	}
}

func (h *heldAnswer) Write(b []byte) (int, error) {
	h.wrote = true
	return h.body.Write(b)
}

// countingReader counts the request body's bytes as the handler reads them.
type countingReader struct {
	r io.ReadCloser
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) Close() error { return c.r.Close() }
