package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
)

// The latency benchmarks put the proxy in front of the fake OTRS with
// every call taking otrsDelay (LATENCY.txt: a GI call on a real Znuny
// 6.5.4 takes 17-44 ms), and measure each method against its floor: the
// OTRS calls it cannot avoid, sent straight to the same fake in the same
// loop. They report the medians and ratio = proxy / floor (issue 16
// point 3: login and getTicketList ≤ 1.05).
const otrsDelay = 20 * time.Millisecond

// slowStack is the proxy (with the demo catalog, as with a database) in
// front of a slow fake OTRS, and a GI client straight to that fake.
type slowStack struct {
	env   *apptest.Env
	store *fakeotrs.Store
	otrs  string // the fake's base URL
	gi    *gi.Client
}

func startSlow(b *testing.B) *slowStack {
	store := fakeotrs.NewStore()
	srv := httptest.NewServer(&slowOTRS{next: fakeotrs.New(store), delay: otrsDelay}) // 127.0.0.1
	b.Cleanup(srv.Close)
	env := apptest.Front(b, srv.URL+fakeotrs.StockWebservicePath, nil)
	// What RS4OTRS_DB_DSN gives a real proxy (internal/app/catalog.go),
	// set before any request.
	cat := fakeotrs.NewCatalog(store)
	env.App.API.Catalog, env.App.API.Perms = cat, perms.New(cat, time.Minute)
	c, err := gi.New(gi.Config{URL: srv.URL + fakeotrs.StockWebservicePath, Transport: gi.StockRoutes})
	if err != nil {
		b.Fatal(err)
	}
	return &slowStack{env: env, store: store, otrs: srv.URL, gi: c}
}

// pair times the proxy's op and its floor alternately and reports both
// medians and their ratio; between, when set, runs untimed after each.
func pair(b *testing.B, proxy, floor, between func()) {
	var p, f []time.Duration
	for b.Loop() {
		t0 := time.Now()
		proxy()
		p = append(p, time.Since(t0))
		t0 = time.Now()
		floor()
		f = append(f, time.Since(t0))
		if between != nil {
			b.StopTimer()
			between()
			b.StartTimer()
		}
	}
	slices.Sort(p)
	slices.Sort(f)
	mp, mf := p[len(p)/2], f[len(f)/2]
	b.ReportMetric(float64(mp.Microseconds())/1000, "proxy-ms")
	b.ReportMetric(float64(mf.Microseconds())/1000, "floor-ms")
	b.ReportMetric(float64(mp)/float64(mf), "ratio")
}

func (s *slowStack) call(b *testing.B, path string, params map[string]any) map[string]any {
	body, _ := json.Marshal(params)
	resp, err := http.Post(s.env.URL+path, "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out["Response"] != "OK" {
		b.Fatalf("%s: %v %v", path, out, err)
	}
	return out
}

// BenchmarkLoginVsFloor: /auth/login against the one agent-interface
// login it cannot avoid.
func BenchmarkLoginVsFloor(b *testing.B) {
	s := startSlow(b)
	form := url.Values{"Action": {"Login"}, "User": {"agent.full"}, "Password": {"AgentFull123!"}}.Encode()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	pair(b, func() {
		s.call(b, "/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})
	}, func() {
		resp, err := noRedirect.Post(s.otrs+fakeotrs.AgentInterfacePath, "application/x-www-form-urlencoded", strings.NewReader(form))
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound {
			b.Fatalf("floor login: HTTP %d", resp.StatusCode)
		}
	}, func() {
		// OTRS's AgentSessionPerUserLimit (20) would end the loop.
		s.store.Lock(func(st *fakeotrs.Store) { clear(st.Sessions) })
	})
}

// listFloor is one TicketSearch and one TicketGet of its first 20 ids.
func (s *slowStack) listFloor(b *testing.B, sid string) func() {
	ctx := context.Background()
	return func() {
		ids, err := s.gi.TicketSearch(ctx, sid, gi.Search{"SortBy": "Age", "OrderBy": "Down"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.gi.TicketGet(ctx, sid, ids[:min(20, len(ids))], gi.GetOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTicketListVsFloor: getTicketList (20 tickets) and with
// SmartSort against one TicketSearch + one TicketGet.
func BenchmarkTicketListVsFloor(b *testing.B) {
	for _, tc := range []struct {
		name   string
		params map[string]any
	}{
		{"plain", map[string]any{"Limit": 20}},
		{"SmartSort", map[string]any{"Limit": 20, "SmartSort": 1}},
		{"FullTextSearch-number", map[string]any{"Limit": 20, "FullTextSearch": "2026112610000097"}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := startSlow(b)
			tok := s.call(b, "/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})["SessionValue"].(string)
			params := map[string]any{"OTRSAgentInterface": tok}
			for k, v := range tc.params {
				params[k] = v
			}
			pair(b, func() { s.call(b, "/tickets/getTicketList", params) }, s.listFloor(b, tok), nil)
		})
	}
}

// BenchmarkUpdateStateVsFloor: updateState closing a ticket the caller
// has locked, against the one TicketUpdate it needs (OTRS unlocks in the
// same call); the proxy also reads the ticket first (permission and owner
// rule), so its ratio is ≈ 2.
func BenchmarkUpdateStateVsFloor(b *testing.B) {
	s := startSlow(b)
	tok := s.call(b, "/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})["SessionValue"].(string)
	ctx := context.Background()
	pair(b, func() {
		s.call(b, "/tickets/updateState", map[string]any{"OTRSAgentInterface": tok, "TicketID": 10, "State": "closed successful"})
	}, func() {
		if _, err := s.gi.TicketUpdate(ctx, tok, 10, gi.TicketRequest{Ticket: &gi.TicketInput{State: "closed successful"}}); err != nil {
			b.Fatal(err)
		}
	}, func() {
		// Open and locked by agent.full again, as the seed has it.
		s.store.Lock(func(st *fakeotrs.Store) {
			t := st.TicketByID(10)
			t.StateID, t.LockID, t.OwnerID = 4, 2, 2
		})
	})
}
