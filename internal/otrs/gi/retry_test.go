package gi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// transports are the ways the client talks to OTRS; the tests that do
// not depend on recorded bodies run over each.
var transports = map[string]Transport{"rest": StockRoutes, "soap": SOAP}

// okAnswer decodes as every operation's answer, in each transport.
func okAnswer(tr Transport, r *http.Request) (contentType, body string) {
	if tr == SOAP {
		action := r.Header.Get("SOAPAction")
		op := strings.Trim(action[strings.LastIndex(action, "#")+1:], `"`)
		return "text/xml; charset=UTF-8", `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` +
			`<` + op + `Response xmlns="http://www.otrs.org/TicketConnector/"><TicketID>1</TicketID><SessionID>x</SessionID>` +
			`<SessionData><Key>UserID</Key><Value>1</Value></SessionData></` + op + `Response></soap:Body></soap:Envelope>`
	}
	return "application/json; charset=UTF-8", `{"TicketID":["1"],"SessionID":"x","SessionData":[{"Key":"UserID","Value":"1"}]}`
}

// counting serves status for the first fail calls, then a good answer,
// and counts every request it receives.
func counting(t *testing.T, tr Transport, fail int, status int) (*Client, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if int(n.Add(1)) <= fail {
			w.WriteHeader(status)
			w.Write([]byte("upstream trouble"))
			return
		}
		ct, body := okAnswer(tr, r)
		w.Header().Set("Content-Type", ct)
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{URL: srv.URL, Transport: tr, Retries: 3, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c.hc.RetryWaitMin, c.hc.RetryWaitMax = time.Millisecond, 2*time.Millisecond
	return c, &n
}

func TestRetryPolicy(t *testing.T) {
	ctx := context.Background()
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
	for trName, tr := range transports {
		for _, tt := range tests {
			t.Run(trName+"/"+tt.name, func(t *testing.T) {
				c, n := counting(t, tr, 2, tt.status)
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
}

// TestRetryUnsentWrite shows a write is retried when the connection could
// not be made at all (nothing reached OTRS), and a login is not.
func TestRetryUnsentWrite(t *testing.T) {
	for name, tr := range transports {
		t.Run(name, func(t *testing.T) { testRetryUnsentWrite(t, tr) })
	}
}

func testRetryUnsentWrite(t *testing.T, tr Transport) {
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
	c, err := New(Config{URL: "http://" + addr, Transport: tr, Retries: 2, Timeout: 5 * time.Second, HTTPClient: hc})
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
	for name, tr := range transports {
		t.Run(name, func(t *testing.T) { testDeadline(t, tr) })
	}
}

func testDeadline(t *testing.T, tr Transport) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	c, err := New(Config{URL: srv.URL, Transport: tr, Retries: 3})
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

// TestRetriedHook shows the Retried hook hears each repeated attempt,
// which the retry metric counts.
func TestRetriedHook(t *testing.T) {
	for name, tr := range transports {
		t.Run(name, func(t *testing.T) {
			c, _ := counting(t, tr, 2, http.StatusServiceUnavailable)
			var attempts []int
			var mu sync.Mutex
			c2, err := New(Config{URL: c.cfg.URL, Transport: tr, Retries: 3, Retried: func(op Op, attempt int) {
				mu.Lock()
				defer mu.Unlock()
				if op != OpTicketSearch {
					t.Errorf("op %s", op)
				}
				attempts = append(attempts, attempt)
			}})
			if err != nil {
				t.Fatal(err)
			}
			c2.hc.RetryWaitMin, c2.hc.RetryWaitMax = time.Millisecond, 2*time.Millisecond
			if _, err := c2.TicketSearch(context.Background(), "s", nil); err != nil {
				t.Fatal(err)
			}
			if len(attempts) != 2 || attempts[0] != 1 || attempts[1] != 2 {
				t.Errorf("retries heard %v, want [1 2]", attempts)
			}
		})
	}
}

// TestErrorsHideTheSession shows a transport error names no SessionID,
// although the stock routes put it in the URL (errors are logged).
func TestErrorsHideTheSession(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, err := New(Config{URL: "http://" + addr, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	const secret = "SessionSecret4711"
	_, err = c.SessionGet(context.Background(), secret) // GET /Session/:SessionID
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("SessionGet error %v", err)
	}
	_, err = c.TicketSearch(context.Background(), secret, Search{"Title": "x"}) // ?SessionID=
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("TicketSearch error %v", err)
	}
}
