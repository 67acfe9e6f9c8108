package app_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/latency"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
)

// The latency benchmarks put the proxy in front of the fake OTRS with
// part A's recorded latency model (internal/fakeotrs/latency: each GI
// operation and agent-interface action its median on a real Znuny
// 6.5.4), and measure each method against its floor: the OTRS calls it
// cannot avoid, sent straight to the same fake in the same loop. They
// report the medians and ratio = proxy / floor (issue 16 point 3: login
// and getTicketList ≤ 1.05).

// slowStack is the proxy (with the demo catalog, as with a database) in
// front of a slow fake OTRS, and a GI client straight to that fake.
type slowStack struct {
	env   *apptest.Env
	store *fakeotrs.Store
	otrs  string // the fake's base URL
	gi    *gi.Client
}

func startSlow(b *testing.B) *slowStack {
	return startSlowOn(b, fakeotrs.StockWebservicePath, gi.StockRoutes)
}

// startSlowOn is startSlow on the web service at path (the proxy finds
// its route set itself, RS4OTRS_OTRS_ROUTES=auto), the floor's client
// using transport.
func startSlowOn(b *testing.B, path string, transport gi.Transport) *slowStack {
	store := fakeotrs.NewStore()
	srv := httptest.NewServer(newSlowOTRS(store, latency.New(false, 1))) // 127.0.0.1
	b.Cleanup(srv.Close)
	env := apptest.Front(b, srv.URL+path, nil)
	// What RS4OTRS_DB_DSN gives a real proxy (internal/app/catalog.go),
	// set before any request.
	cat := fakeotrs.NewCatalog(store)
	env.App.API.Catalog, env.App.API.Perms = cat, perms.New(cat, time.Minute)
	c, err := gi.New(gi.Config{URL: srv.URL + path, Transport: transport})
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

// call posts the JSON body to the proxy's path and fails unless the
// answer is OK (no OpenAPI validation here: it would be timed too).
func (s *slowStack) call(b *testing.B, path, body string) {
	resp, err := http.Post(s.env.URL+path, "application/json", bytes.NewReader([]byte(body)))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if out, _ := io.ReadAll(resp.Body); !bytes.Contains(out, []byte(`"Response":"OK"`)) {
		b.Fatalf("%s: %s", path, out)
	}
}

// BenchmarkLoginVsFloor: /auth/login against the one agent-interface
// login it cannot avoid.
func BenchmarkLoginVsFloor(b *testing.B) {
	s := startSlow(b)
	form := url.Values{"Action": {"Login"}, "User": {"agent.full"}, "Password": {"AgentFull123!"}}.Encode()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	pair(b, func() {
		s.call(b, "/auth/login", `{"User":"agent.full","Password":"AgentFull123!"}`)
	}, func() {
		resp, err := noRedirect.Post(s.otrs+fakeotrs.AgentInterfacePath, "application/x-www-form-urlencoded", bytes.NewReader([]byte(form)))
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
	for _, tc := range []struct{ name, params string }{
		{"plain", `"Limit":20`},
		{"SmartSort", `"Limit":20,"SmartSort":1`},
		{"FullTextSearch-number", `"Limit":20,"FullTextSearch":"2026112610000097"`},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := startSlow(b)
			tok := s.env.Login("agent.full", "AgentFull123!")
			body := `{"OTRSAgentInterface":"` + tok + `",` + tc.params + `}`
			pair(b, func() { s.call(b, "/tickets/getTicketList", body) }, s.listFloor(b, tok), nil)
		})
	}
}

// BenchmarkUpdateStateVsFloor: updateState closing a ticket the caller
// has locked, against the one TicketUpdate it needs (OTRS unlocks in the
// same call). The proxy also reads the ticket first (permission and owner
// rule). On the stock web service it sends the unlock as a second
// TicketUpdate, whose failure the contract reports apart ("State has been
// changed but couldn't unlock Ticket"): ratio ≈ 2.4 (2026-12-01: 151 ms
// against 64 ms). On the proxy's, TicketUpdate answers with the ticket
// (IncludeTicketData) and its Lock shows OTRS's own unlock: ratio ≈ 1.35
// (87 ms against 64 ms).
func BenchmarkUpdateStateVsFloor(b *testing.B) {
	for _, ws := range []struct {
		name      string
		path      string
		transport gi.Transport
	}{{"stock", fakeotrs.StockWebservicePath, gi.StockRoutes}, {"proxy", fakeotrs.ProxyWebservicePath, gi.ProxyRoutes}} {
		b.Run(ws.name, func(b *testing.B) { benchUpdateState(b, startSlowOn(b, ws.path, ws.transport)) })
	}
}

func benchUpdateState(b *testing.B, s *slowStack) {
	tok := s.env.Login("agent.full", "AgentFull123!")
	ctx := context.Background()
	pair(b, func() {
		s.call(b, "/tickets/updateState", `{"OTRSAgentInterface":"`+tok+`","TicketID":10,"State":"closed successful"}`)
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
