// Command loadgen is a bounded load run on loopback: it starts the fake
// OTRS and the proxy in front of it in this process, then for each
// scenario sends a fixed number of requests (or stops at -duration) with
// a fixed concurrency, first to the fake alone (the GI calls the method
// needs), then through the proxy. It prints throughput, p50/p99,
// allocations per request and peak heap, and the proxy's overhead ratio
// (proxy p50 / fake p50). Allocations are the whole process's (load
// client, proxy and fake together), so compare them between rows.
//
// With -methods N it first prints the per-method ratio table
// (internal/perf): each of the 40 methods N times through the proxy and
// N times its floor, one call at a time. -latency sets the fake's latency
// model for the whole run (RS4OTRS_DEMO_LATENCY's modes); -scenarios=false
// prints the table alone.
//
//	go run ./cmd/loadgen -requests 500 -concurrency 8 -duration 60s -methods 10 -latency median
package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/latency"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perf"
)

func main() {
	requests := flag.Int("requests", 2000, "requests per scenario and side")
	concurrency := flag.Int("concurrency", 8, "concurrent clients")
	duration := flag.Duration("duration", 60*time.Second, "upper bound per scenario and side")
	scenarios := flag.Bool("scenarios", true, "run the load scenarios")
	methods := flag.Int("methods", 0, "calls per method for the per-method ratio table (0: no table)")
	model := flag.String("latency", latency.Median, "the fake's latency model: off, median or sampled")
	seed := flag.Int("seed", 1, "the seed of -latency sampled")
	flag.Parse()
	o := options{requests: *requests, concurrency: *concurrency, duration: *duration, scenarios: *scenarios,
		methods: *methods, latency: *model, seed: *seed}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// scenario is one API method measured both ways.
type scenario struct {
	name  string
	fake  func(ctx context.Context) error // the GI calls the method needs
	proxy func(ctx context.Context) error // the method through the proxy
}

type result struct {
	n            int
	errs         int64
	elapsed      time.Duration
	p50, p99     time.Duration
	allocsPerReq float64
	peakHeapMB   float64
	firstErr     error
}

// options are the command line's.
type options struct {
	requests, concurrency int
	duration              time.Duration
	scenarios             bool
	methods               int
	latency               string
	seed                  int
}

func run(o options) (err error) {
	requests, concurrency, duration := o.requests, o.concurrency, o.duration
	ctx := context.Background()
	// The proxy in demo mode: its fake OTRS (with the in-memory catalog)
	// is the one both sides of every scenario use.
	c := config.Defaults()
	cfg := &c
	cfg.Listen, cfg.ChallengeSecret, cfg.SessionTouch, cfg.LogLevel = "127.0.0.1:0", "loadgen", time.Hour, "warn"
	cfg.DemoMode, cfg.DemoLatency, cfg.DemoLatencySeed = true, o.latency, o.seed
	cfg.TrustedProxies = perf.TrustedClients
	cfg.DataDir, err = os.MkdirTemp("", "loadgen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(cfg.DataDir)
	if err := cfg.Validate(); err != nil {
		return err
	}
	a, err := app.New(ctx, cfg, zerolog.New(io.Discard))
	if err != nil {
		return err
	}
	giURL := a.DemoURL + a.Demo.Paths().StockWebservice
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	giClient, err := gi.New(gi.Config{URL: giURL, HTTPClient: hc})
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler()}
	go srv.Serve(ln)
	defer srv.Close()
	api := "http://" + ln.Addr().String() + cfg.Prefix
	fmt.Printf("loadgen: latency model %s; GOMAXPROCS %d, %s/%s, %s, %s\n", o.latency, runtime.GOMAXPROCS(0),
		runtime.GOOS, runtime.GOARCH, runtime.Version(), time.Now().UTC().Format(time.RFC3339))
	// The table first: the load scenarios leave hundreds of sessions
	// behind, and OTRS limits them (AgentSessionLimit).
	if o.methods > 0 {
		f, err := perf.NewFixture(ctx, a, api)
		if err != nil {
			return err
		}
		fmt.Printf("per-method ratio table: %d calls per method and side, one at a time, bound %s per method\n\n", o.methods, duration)
		perf.PrintTable(os.Stdout, perf.Measure(ctx, f, perf.Methods, o.methods, duration))
	}
	if o.scenarios {
		// The login scenario makes a session per request and never ends
		// one: lift OTRS's agent-session limits (SysConfig
		// AgentSessionLimit 100, AgentSessionPerUserLimit 20; 0 is none)
		// as an admin would for a load test.
		a.Demo.Store.Lock(func(s *fakeotrs.Store) {
			s.SysConfig["AgentSessionLimit"], s.SysConfig["AgentSessionPerUserLimit"] = "0", "0"
		})
		fmt.Println()
		if err := runScenarios(ctx, a, giClient, hc, api, requests, concurrency, duration); err != nil {
			return err
		}
	}
	return nil
}

// runScenarios measures each load scenario on the fake alone, then
// through the proxy.
func runScenarios(ctx context.Context, a *app.App, giClient *gi.Client, hc *http.Client, api string, requests, concurrency int, duration time.Duration) error {

	// Data: 50 tickets for the list, one 5 MB attachment.
	sid, err := giClient.SessionCreate(ctx, "agent.full", "AgentFull123!")
	if err != nil {
		return fmt.Errorf("set-up login: %w", err)
	}
	var listIDs []int
	for i := 0; i < 50; i++ {
		c, err := giClient.TicketCreate(ctx, sid, gi.TicketRequest{
			Ticket:  &gi.TicketInput{Title: fmt.Sprintf("loadgen %d", i), Queue: "Support", Type: "Unclassified", State: "open", Priority: "3 normal", CustomerUser: "jdoe"},
			Article: &gi.ArticleInput{CommunicationChannel: "Internal", SenderType: "agent", Subject: "load", Body: "load", ContentType: "text/plain; charset=utf8"},
		})
		if err != nil {
			return fmt.Errorf("set-up ticket: %w", err)
		}
		listIDs = append(listIDs, int(c.TicketID))
	}
	big := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("0123456789abcdef"), 5<<20/16))
	att, err := giClient.TicketCreate(ctx, sid, gi.TicketRequest{
		Ticket:     &gi.TicketInput{Title: "loadgen attachment", Queue: "Support", Type: "Unclassified", State: "open", Priority: "3 normal", CustomerUser: "jdoe"},
		Article:    &gi.ArticleInput{CommunicationChannel: "Internal", SenderType: "agent", Subject: "file", Body: "file", ContentType: "text/plain; charset=utf8"},
		Attachment: []gi.AttachmentInput{{Content: big, ContentType: "application/octet-stream", Filename: "big.bin"}},
	})
	if err != nil {
		return fmt.Errorf("set-up attachment: %w", err)
	}
	attTicket, attArticle := int(att.TicketID), int(att.ArticleID)
	big = ""

	token, err := proxyLogin(hc, api)
	if err != nil {
		return err
	}
	call := func(path string, params map[string]any) func(context.Context) error {
		params["OTRSAgentInterface"] = token
		body, _ := json.Marshal(params)
		return func(ctx context.Context) error { return post(hc, api+path, body) }
	}
	scenarios := []scenario{
		{"/auth/login",
			func(ctx context.Context) error {
				id, err := giClient.SessionCreate(ctx, "agent.full", "AgentFull123!")
				if err == nil {
					_, err = giClient.SessionGet(ctx, id)
				}
				return err
			},
			func(ctx context.Context) error {
				return post(hc, api+"/auth/login", []byte(`{"User":"agent.full","Password":"AgentFull123!"}`))
			}},
		{"/queues/getQueueList (token-validated catalog)",
			func(ctx context.Context) error { _, err := giClient.SessionGet(ctx, sid); return err },
			call("/queues/getQueueList", map[string]any{})},
		{"/tickets/getTicketList (50 tickets)",
			func(ctx context.Context) error {
				ids, err := giClient.TicketSearch(ctx, sid, gi.Search{"Title": "loadgen *", "Limit": 50})
				if err == nil {
					_, err = giClient.TicketGet(ctx, sid, ids, gi.GetOptions{DynamicFields: true})
				}
				return err
			},
			call("/tickets/getTicketList", map[string]any{"Limit": 50, "FullTextSearch": "loadgen"})},
		{"/tickets/getAttachment (5 MB)",
			func(ctx context.Context) error {
				_, err := giClient.TicketGet(ctx, sid, []int{attTicket}, gi.GetOptions{AllArticles: true, Attachments: true, GetAttachmentContents: true})
				return err
			},
			call("/tickets/getAttachment", map[string]any{"TicketID": attTicket, "ArticleID": attArticle, "FileID": 1})},
	}
	_ = listIDs

	fmt.Printf("loadgen: %d requests per side, concurrency %d, bound %s\n", requests, concurrency, duration)
	fmt.Println("| method | side | requests | errors | req/s | p50 | p99 | allocs/req | peak heap MB | overhead (p50 proxy/fake) |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range scenarios {
		f := measure(ctx, s.fake, requests, concurrency, duration)
		p := measure(ctx, s.proxy, requests, concurrency, duration)
		row(s.name, "fake OTRS alone", f, "")
		ratio := "n/a"
		if p.errs == 0 && f.p50 > 0 {
			ratio = fmt.Sprintf("%.2f", float64(p.p50)/float64(f.p50))
		}
		row(s.name, "proxy + fake", p, ratio)
		if p.firstErr != nil {
			fmt.Printf("|   | (proxy errors: %s) | | | | | | | | |\n", strings.ReplaceAll(p.firstErr.Error(), "|", "/"))
		}
	}
	return nil
}

func row(name, side string, r result, ratio string) {
	fmt.Printf("| %s | %s | %d | %d | %.0f | %s | %s | %.0f | %.1f | %s |\n", name, side, r.n, r.errs,
		float64(r.n)/r.elapsed.Seconds(), r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.allocsPerReq, r.peakHeapMB, ratio)
}

func measure(ctx context.Context, fn func(context.Context) error, requests, concurrency int, bound time.Duration) result {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() { // sample the heap while the load runs
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	var next atomic.Int64
	var errs atomic.Int64
	var mu sync.Mutex
	var firstErr error
	lat := make([]time.Duration, requests)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= requests || ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				err := fn(ctx)
				lat[i] = time.Since(t0)
				if err != nil {
					errs.Add(1)
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	n := min(int(next.Load()), requests)
	done := slices.Clone(lat[:n])
	slices.Sort(done)
	r := result{n: n, errs: errs.Load(), elapsed: elapsed, firstErr: firstErr, peakHeapMB: float64(peak.Load()) / (1 << 20)}
	if n > 0 {
		r.p50, r.p99 = done[n/2], done[n*99/100]
		r.allocsPerReq = float64(after.Mallocs-before.Mallocs) / float64(n)
	}
	return r
}

// post sends one API call; an ERROR envelope counts as a failure, a
// binary answer (getAttachment) as success.
func post(hc *http.Client, url string, body []byte) error {
	resp, err := hc.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		_, err := io.Copy(io.Discard, resp.Body)
		return err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !bytes.Contains(b, []byte(`"Response":"OK"`)) {
		return fmt.Errorf("HTTP %d %.120s", resp.StatusCode, b)
	}
	return nil
}

func proxyLogin(hc *http.Client, api string) (string, error) {
	resp, err := hc.Post(api+"/auth/login", "application/json", strings.NewReader(`{"User":"agent.full","Password":"AgentFull123!"}`))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct{ Response, SessionValue string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.SessionValue == "" {
		return "", fmt.Errorf("proxy login: %v %+v", err, out)
	}
	return out.SessionValue, nil
}
