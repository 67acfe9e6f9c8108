package gi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// counting serves status for the first fail calls, then ok, and counts
// every request it receives.
func counting(t *testing.T, fail int, status int, ok string) (*Client, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if int(n.Add(1)) <= fail {
			w.WriteHeader(status)
			w.Write([]byte("upstream trouble"))
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.Write([]byte(ok))
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{URL: srv.URL, Retries: 3, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c.hc.RetryWaitMin, c.hc.RetryWaitMax = time.Millisecond, 2*time.Millisecond
	return c, &n
}

func TestRetryPolicy(t *testing.T) {
	ctx := context.Background()
	// okAnswer decodes as every operation's answer.
	const okAnswer = `{"TicketID":["1"],"SessionData":[{"Key":"UserID","Value":"1"}]}`
	tests := []struct {
		name      string
		status    int
		call      func(*Client) error
		wantCalls int32
		wantErr   bool
	}{
		{"read retried on 503", 503, func(c *Client) error {
			_, err := c.TicketSearch(ctx, "s", nil)
			return err
		}, 3, false},
		{"read retried on 502", 502, func(c *Client) error {
			_, err := c.SessionGet(ctx, "s")
			return err
		}, 3, false},
		{"read not retried on 500", 500, func(c *Client) error {
			_, err := c.TicketSearch(ctx, "s", nil)
			return err
		}, 1, true},
		{"create never retried once sent", 503, func(c *Client) error {
			_, err := c.TicketCreate(ctx, "s", TicketRequest{Ticket: &TicketInput{Title: "x"}})
			return err
		}, 1, true},
		{"article update never retried once sent", 504, func(c *Client) error {
			_, err := c.TicketUpdate(ctx, "s", 1, TicketRequest{Article: &ArticleInput{Body: "x"}})
			return err
		}, 1, true},
		{"login never retried", 503, func(c *Client) error {
			_, err := c.SessionCreate(ctx, "u", "p")
			return err
		}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, n := counting(t, 2, tt.status, okAnswer)
			err := tt.call(c)
			if got := n.Load(); got != tt.wantCalls {
				t.Errorf("%d requests, want %d", got, tt.wantCalls)
			}
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}

// TestRetryUnsentWrite shows a write is retried when the connection could
// not be made at all (nothing reached OTRS), and a login is not.
func TestRetryUnsentWrite(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens: every dial is refused

	var dials atomic.Int32
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
		dials.Add(1)
		return (&net.Dialer{}).DialContext(ctx, network, a)
	}}}
	c, err := New(Config{URL: "http://" + addr, Retries: 2, Timeout: 5 * time.Second, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	c.hc.RetryWaitMin, c.hc.RetryWaitMax = time.Millisecond, 2*time.Millisecond

	if _, err := c.TicketCreate(context.Background(), "s", TicketRequest{Ticket: &TicketInput{Title: "x"}}); err == nil {
		t.Fatal("TicketCreate to a closed port succeeded")
	}
	if got := dials.Load(); got != 3 {
		t.Errorf("TicketCreate dialed %d times, want 3 (1 + 2 retries)", got)
	}
	dials.Store(0)
	if _, err := c.SessionCreate(context.Background(), "u", "p"); err == nil {
		t.Fatal("SessionCreate to a closed port succeeded")
	}
	if got := dials.Load(); got != 1 {
		t.Errorf("SessionCreate dialed %d times, want 1", got)
	}
}

// TestDeadline shows a call gives up at its context's deadline even while
// OTRS hangs.
func TestDeadline(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	c, err := New(Config{URL: srv.URL, Retries: 3})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = c.TicketSearch(ctx, "s", nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
}
