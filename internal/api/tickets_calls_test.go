package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
	"github.com/rs4otrs/rs4otrs-proxy/internal/proxy"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// counting wraps the fake OTRS and counts GI calls by operation. With a
// delay, each call waits that long first, and peak records the most
// calls in OTRS at once: the calls of a request that overlap.
type counting struct {
	next  http.Handler
	mu    sync.Mutex
	ops   map[string]int
	delay time.Duration
	// inflight and peak count calls under way.
	inflight, peak int
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.ops[opOf(r)]++
	c.inflight++
	c.peak = max(c.peak, c.inflight)
	delay := c.delay
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inflight--
		c.mu.Unlock()
	}()
	time.Sleep(delay)
	c.next.ServeHTTP(w, r)
}

// slow sets the delay of every call and resets peak.
func (c *counting) slow(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.delay, c.peak = d, 0
}

func (c *counting) peakCalls() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.peak
}

// opOf names the GI operation of a stock-route request.
func opOf(r *http.Request) string {
	_, rest, _ := strings.Cut(r.URL.Path, fakeotrs.StockWebservicePath)
	switch {
	case strings.HasPrefix(rest, "/Session"):
		return r.Method + " Session"
	case rest == "/Ticket" && r.Method == http.MethodGet:
		return "TicketSearch"
	case strings.HasPrefix(rest, "/Ticket/") && r.Method == http.MethodGet:
		return "TicketGet"
	}
	return r.Method + " " + rest
}

func (c *counting) reset() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.ops
	c.ops = map[string]int{}
	return out
}

// stack is the proxy in front of a counted fake OTRS.
type stack struct {
	store   *fakeotrs.Store
	calls   *counting
	gi      *gi.Client
	api     string
	session string
}

// startCounted builds the proxy by hand (apptest hides the fake's
// handler) with extra tickets in the fake's store.
func startCounted(tb testing.TB, extra int) *stack {
	tb.Helper()
	store := fakeotrs.NewStore()
	addTickets(store, extra)
	return startStack(tb, store, false)
}

// startStack puts the proxy in front of a counted fake OTRS serving
// store; withPerms adds the permission source writes need (as
// internal/app/catalog.go wires it).
func startStack(tb testing.TB, store *fakeotrs.Store, withPerms bool) *stack {
	tb.Helper()
	calls := &counting{next: fakeotrs.New(store), ops: map[string]int{}}
	fake := listen(tb, calls)
	client, err := gi.New(gi.Config{URL: fake.URL + fakeotrs.StockWebservicePath, Transport: gi.StockRoutes,
		HTTPClient: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}})
	if err != nil {
		tb.Fatal(err)
	}
	cat := fakeotrs.NewCatalog(store)
	ap := &api.API{
		Opts:     api.Options{SessionName: "OTRSAgentInterface", ServerTimeZone: time.UTC, Now: func() time.Time { return fakeotrs.SeedTime }},
		Sessions: session.NewManager(client, nil, session.Config{Secret: []byte("test"), TTL: time.Hour}),
		GI:       client,
		Catalog:  cat,
	}
	if withPerms {
		ap.Perms = perms.New(cat, time.Minute)
	}
	front := listen(tb, proxy.New(proxy.Config{Prefix: "/otrs/api", SessionName: "OTRSAgentInterface", Log: zerolog.Nop()}, ap).Handler())
	sid, err := client.SessionCreate(context.Background(), "agent.full", "AgentFull123!")
	if err != nil {
		tb.Fatal(err)
	}
	s := &stack{store: store, calls: calls, gi: client, api: front.URL + "/otrs/api", session: sid}
	s.call(tb, "/tickets/getTicketList", map[string]any{"Count": 1}) // validates and caches the session
	calls.reset()
	return s
}

func listen(tb testing.TB, h http.Handler) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv.Listener = l
	srv.Start()
	tb.Cleanup(srv.Close)
	return srv
}

func (s *stack) call(tb testing.TB, path string, params map[string]any) map[string]any {
	p := map[string]any{"OTRSAgentInterface": s.session}
	for k, v := range params {
		p[k] = v
	}
	body, _ := json.Marshal(p)
	resp, err := http.Post(s.api+path, "application/json", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil || out["Response"] != "OK" {
		tb.Fatalf("%s: %s", path, b)
	}
	return out
}

// addTickets adds n open Support tickets with one article each.
func addTickets(s *fakeotrs.Store, n int) {
	s.Lock(func(s *fakeotrs.Store) {
		for i := range n {
			id := 1000 + i
			created := fakeotrs.SeedTime.Add(-time.Duration(i) * time.Minute)
			s.Tickets = append(s.Tickets, &fakeotrs.Ticket{
				ID: id, TN: fmt.Sprintf("20261126%08d", 90000+i), Title: fmt.Sprintf("Load ticket %d", i),
				QueueID: 5, StateID: 4, PriorityID: 3, TypeID: 1, LockID: 1, OwnerID: 2, ResponsibleID: 1,
				CustomerUserID: "jdoe", CustomerID: "acme", Created: created, Changed: created, CreateBy: 1, ChangeBy: 2,
				DynamicFields: map[string]any{}, SeenBy: map[int]bool{},
				Articles: []*fakeotrs.Article{{ID: 100000 + i, TicketID: id, CommunicationChannelID: 1, SenderTypeID: 3,
					IsVisibleForCustomer: true, From: "jdoe@acme.example", Subject: "Load", Body: "Load test body",
					ContentType: "text/plain; charset=utf-8", Created: created, CreateBy: 1,
					DynamicFields: map[string]any{}, SeenBy: map[int]bool{}}},
			})
		}
	})
}

// TestTicketListUpstreamCalls asserts how many GI calls one
// getTicketList makes (never one per ticket) and how many of them are in
// OTRS at once: the searches that do not depend on each other
// (SmartSort's three, a ticket number's next to the main search) and the
// TicketGet batches of a long list run together (issue 16 point 3), so
// with every call taking 30 ms the peak is above 1 (on the old main it
// was always 1).
func TestTicketListUpstreamCalls(t *testing.T) {
	s := startCounted(t, 160)
	s.calls.slow(30 * time.Millisecond)
	for _, tc := range []struct {
		name    string
		params  map[string]any
		tickets int
		want    map[string]int
		peak    int
	}{
		{"page of 50", map[string]any{"Limit": 50}, 50, map[string]int{"TicketSearch": 1, "TicketGet": 1}, 1},
		{"second page", map[string]any{"Limit": 50, "Offset": 50}, 50, map[string]int{"TicketSearch": 1, "TicketGet": 1}, 1},
		{"count", map[string]any{"Count": 1}, -1, map[string]int{"TicketSearch": 1}, 1},
		{"all 170 readable tickets in two batches, mobile fields", map[string]any{"DynamicFieldsMode": "mobile"}, 170, map[string]int{"TicketSearch": 1, "TicketGet": 2}, 2},
		{"ticket number in full text", map[string]any{"FullTextSearch": "2026112600090003", "Limit": 50}, 0, map[string]int{"TicketSearch": 2, "TicketGet": 1}, 2},
		{"smart sort", map[string]any{"SmartSort": 1, "Limit": 50}, 50, map[string]int{"TicketSearch": 3, "TicketGet": 1}, 3},
		{"new notes", map[string]any{"ViewID": -5, "Limit": 50}, 50, map[string]int{"TicketSearch": 1, "TicketGet": 1}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.calls.slow(30 * time.Millisecond) // resets the peak
			out := s.call(t, "/tickets/getTicketList", tc.params)
			got := s.calls.reset()
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("upstream calls = %v, want %v", got, tc.want)
			}
			if peak := s.calls.peakCalls(); peak != tc.peak {
				t.Errorf("%d OTRS calls at once at most, want %d", peak, tc.peak)
			}
			if tc.tickets >= 0 {
				list, _ := out["Tickets"].([]any)
				if tc.tickets > 0 && len(list) != tc.tickets {
					t.Errorf("%d tickets, want %d", len(list), tc.tickets)
				}
			}
		})
	}
}

// BenchmarkTicketList50 measures getTicketList for a page of 50 tickets
// through the proxy, next to the fake's own TicketSearch + TicketGet of
// the same 50 tickets, so the proxy's share reads as a ratio.
func BenchmarkTicketList50(b *testing.B) {
	s := startCounted(b, 60)
	ctx := context.Background()
	b.Run("proxy", func(b *testing.B) {
		for b.Loop() {
			s.call(b, "/tickets/getTicketList", map[string]any{"Limit": 50})
		}
	})
	b.Run("gi-only", func(b *testing.B) {
		for b.Loop() {
			ids, err := s.gi.TicketSearch(ctx, s.session, gi.Search{"Limit": 50})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.gi.TicketGet(ctx, s.session, ids, gi.GetOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
