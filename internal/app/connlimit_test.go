package app_test

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/latency"
)

// slowOTRS is the fake OTRS with part A's latency model on, counting
// the calls it serves at once.
type slowOTRS struct {
	next           http.Handler
	mu             sync.Mutex
	inFlight, peak int
}

// newSlowOTRS serves store with every call taking as long as m says.
func newSlowOTRS(store *fakeotrs.Store, m *latency.Model) *slowOTRS {
	o := fakeotrs.New(store)
	o.SetLatency(m)
	return &slowOTRS{next: o}
}

func (s *slowOTRS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inFlight++
	s.peak = max(s.peak, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	s.next.ServeHTTP(w, r)
}

// metricValue reads one unlabelled metric from the proxy's /metrics.
func metricValue(t *testing.T, env *apptest.Env, name string) float64 {
	resp, err := http.Get(env.Server.URL + "/metrics")
	if err != nil {
		t.Error(err)
		return 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}

// TestOTRSConnectionsBounded: 100 clients polling getTicketList at once
// (bounded: 3 polls each, on 127.0.0.1) against an OTRS that takes 20 ms
// a call never have more than RS4OTRS_OTRS_MAX_CONNECTIONS calls in OTRS
// at once; the rest queue (rs4otrs_upstream_queue_length) and every poll
// is answered. It logs p50/p99 and the longest queue seen. Without the
// bound OTRS sees up to 100 at once.
func TestOTRSConnectionsBounded(t *testing.T) {
	const clients, polls, bound = 100, 3, 8
	otrs := newSlowOTRS(fakeotrs.NewStore(), latency.Constant(20*time.Millisecond))
	srv := httptest.NewServer(otrs) // 127.0.0.1
	t.Cleanup(srv.Close)
	env := apptest.Front(t, srv.URL+fakeotrs.StockWebservicePath, nil, func(c *config.Config) {
		c.OTRSMaxConns, c.Metrics = bound, true
	})
	tok := env.Login("agent.full", "AgentFull123!")
	otrs.mu.Lock()
	otrs.peak = 0
	otrs.mu.Unlock()

	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: time.Minute}
	body := `{"OTRSAgentInterface":"` + tok + `","Limit":20}`
	var mu sync.Mutex
	var took []time.Duration
	var failed []string
	stop := make(chan struct{})
	maxQueue := 0.0
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
				maxQueue = max(maxQueue, metricValue(t, env, "rs4otrs_upstream_queue_length"))
			}
		}
	}()
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Go(func() {
			for range polls {
				t0 := time.Now()
				resp, err := hc.Post(env.URL+"/tickets/getTicketList", "application/json", strings.NewReader(body))
				if err != nil {
					mu.Lock()
					failed = append(failed, err.Error())
					mu.Unlock()
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				mu.Lock()
				took = append(took, time.Since(t0))
				if !strings.Contains(string(b), `"Response":"OK"`) {
					failed = append(failed, string(b))
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	close(stop)
	<-sampled
	if len(failed) > 0 {
		t.Fatalf("%d of %d polls failed, first: %s", len(failed), clients*polls, failed[0])
	}
	otrs.mu.Lock()
	peak := otrs.peak
	otrs.mu.Unlock()
	if peak > bound {
		t.Errorf("OTRS served %d calls at once, the bound is %d", peak, bound)
	}
	if peak < bound || maxQueue == 0 {
		t.Errorf("peak %d, longest queue %v: the load never reached the bound, the test shows nothing", peak, maxQueue)
	}
	slices.Sort(took)
	t.Logf("%d clients × %d polls, bound %d, OTRS 20 ms/call: wall %v, p50 %v, p99 %v, max %v, OTRS peak %d, longest queue %v",
		clients, polls, bound, wall.Round(time.Millisecond), took[len(took)/2].Round(time.Millisecond),
		took[len(took)*99/100].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond), peak, maxQueue)
}
