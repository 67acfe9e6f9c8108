// Package metrics holds the proxy's Prometheus metrics and the hooks the
// other packages call to feed them. It owns its registry, so two proxies
// in one process (tests) never collide. Labels are bounded: API paths
// come from the route table, never from the request URL.
package metrics

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// Metrics is the set of the proxy's metrics. A nil *Metrics ignores
// every call, so tests and tools need not build one.
type Metrics struct {
	reg *prometheus.Registry

	requests         *prometheus.CounterVec
	requestDuration  *prometheus.HistogramVec
	upstream         *prometheus.CounterVec
	upstreamDuration *prometheus.HistogramVec
	retries          *prometheus.CounterVec
	cache            *prometheus.CounterVec
	loginRefused     *prometheus.CounterVec
	loginFailed      *prometheus.CounterVec
	clientGone       *prometheus.CounterVec
	connWait         prometheus.Histogram
	// catalogAge reads the age of the oldest cached catalog copy; nil
	// until WatchCatalog (the gauge then reads 0).
	catalogAge atomic.Pointer[func() time.Duration]
}

// New returns the metrics registered in a fresh registry, with the Go
// runtime and process collectors.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	f := func(c prometheus.Collector) prometheus.Collector { reg.MustRegister(c); return c }
	latency := []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}
	m := &Metrics{
		reg:      reg,
		connWait: newConnWait(),
		requests: f(prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rs4otrs_requests_total", Help: "API requests by method (path), HTTP status and envelope Response (OK, ERROR).",
		}, []string{"method", "status", "response"})).(*prometheus.CounterVec),
		requestDuration: f(prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rs4otrs_request_duration_seconds", Help: "API request latency by method (path).", Buckets: latency,
		}, []string{"method"})).(*prometheus.HistogramVec),
		upstream: f(prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rs4otrs_upstream_requests_total", Help: "Calls to OTRS by channel (gi, web, db), operation (GI operation, agent-interface Action, statement name) and outcome (ok, invalid_session, access_denied, not_found, operation_error, canceled, timeout, refused, http_4xx, http_5xx, transport_error, error).",
		}, []string{"channel", "operation", "outcome"})).(*prometheus.CounterVec),
		upstreamDuration: f(prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rs4otrs_upstream_duration_seconds", Help: "Latency of calls to OTRS by channel and operation, retries included.", Buckets: latency,
		}, []string{"channel", "operation"})).(*prometheus.HistogramVec),
		retries: f(prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rs4otrs_upstream_retries_total", Help: "Repeated attempts of calls to OTRS by channel and operation.",
		}, []string{"channel", "operation"})).(*prometheus.CounterVec),
		cache: f(prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rs4otrs_cache_requests_total", Help: "Cache lookups by cache (session, permissions, catalog...) and result (hit, miss).",
		}, []string{"cache", "result"})).(*prometheus.CounterVec),
		loginRefused: f(prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rs4otrs_login_rate_limited_total", Help: "Logins refused without asking OTRS after too many failures, by key (client, login).",
		}, []string{"key"})).(*prometheus.CounterVec),
		loginFailed: f(prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rs4otrs_login_failures_total", Help: "Logins that OTRS was asked and that failed, by reason: credentials (OTRS refused them) or upstream (OTRS failed).",
		}, []string{"reason"})).(*prometheus.CounterVec),
		clientGone: f(prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rs4otrs_client_gone_total", Help: "API requests whose client hung up before the answer, by method (path); not in rs4otrs_requests_total.",
		}, []string{"method"})).(*prometheus.CounterVec),
	}
	// Registered from the start, so that dashboards and alerts find it
	// whatever the catalog: an in-memory one (demo) has no age.
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "rs4otrs_catalog_age_seconds",
		Help: "Age of the oldest catalog copy served from the database cache; above RS4OTRS_CATALOG_TTL the database has not answered a refresh. 0 without a database catalog.",
	}, func() float64 {
		if f := m.catalogAge.Load(); f != nil {
			return (*f)().Seconds()
		}
		return 0
	}))
	return m
}

// WatchCatalog exports age as rs4otrs_catalog_age_seconds.
func (m *Metrics) WatchCatalog(age func() time.Duration) {
	if m == nil {
		return
	}
	m.catalogAge.Store(&age)
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Request records one API request; method is the route path.
func (m *Metrics) Request(method string, status int, ok bool, d time.Duration) {
	if m == nil {
		return
	}
	resp := "ERROR"
	if ok {
		resp = "OK"
	}
	m.requests.WithLabelValues(method, strconv.Itoa(status), resp).Inc()
	m.requestDuration.WithLabelValues(method).Observe(d.Seconds())
}

// upstreamCall records one call to OTRS on channel (gi, web, db) with
// its outcome (see Outcome).
func (m *Metrics) upstreamCall(channel, op, outcome string, d time.Duration) {
	if m == nil {
		return
	}
	m.upstream.WithLabelValues(channel, op, outcome).Inc()
	m.upstreamDuration.WithLabelValues(channel, op).Observe(d.Seconds())
}

// GIRetried is gi.Config.Retried.
func (m *Metrics) GIRetried(op gi.Op, _ int) { m.Retried("gi", string(op)) }

// Retried records a repeated attempt of an upstream call.
func (m *Metrics) Retried(channel, op string) {
	if m == nil {
		return
	}
	m.retries.WithLabelValues(channel, op).Inc()
}

// Cache records a lookup in the named cache.
func (m *Metrics) Cache(name string, hit bool) {
	if m == nil {
		return
	}
	result := "miss"
	if hit {
		result = "hit"
	}
	m.cache.WithLabelValues(name, result).Inc()
}

// LoginRefused records a login refused by the rate limit; key is
// "client" or "login".
func (m *Metrics) LoginRefused(key string) {
	if m == nil {
		return
	}
	m.loginRefused.WithLabelValues(key).Inc()
}

// LoginFailed records a login OTRS was asked about and that failed:
// reason is "credentials" (OTRS refused them) or "upstream".
func (m *Metrics) LoginFailed(reason string) {
	if m == nil {
		return
	}
	m.loginFailed.WithLabelValues(reason).Inc()
}

// WatchPush exports the push service's queue depth and message counts,
// read at scrape time from depth and results (result name -> count).
func (m *Metrics) WatchPush(depth func() int, results func() map[string]int64) {
	if m == nil {
		return
	}
	m.reg.MustRegister(pushCollector{depth, results})
}

var (
	pushQueueDesc   = prometheus.NewDesc("rs4otrs_push_queue_depth", "Push jobs waiting to be sent.", nil, nil)
	pushResultsDesc = prometheus.NewDesc("rs4otrs_push_messages_total", "Push messages and jobs by result (accepted; rejected: queue full or stopping; refused_unauthorized, refused_body: intake calls refused, which OTRS does not send again; sent, failed, retried, token_removed, unsent).", []string{"result"}, nil)
)

type pushCollector struct {
	depth   func() int
	results func() map[string]int64
}

func (c pushCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- pushQueueDesc
	ch <- pushResultsDesc
}

func (c pushCollector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(pushQueueDesc, prometheus.GaugeValue, float64(c.depth()))
	for result, n := range c.results() {
		ch <- prometheus.MustNewConstMetric(pushResultsDesc, prometheus.CounterValue, float64(n), result)
	}
}

// ClientGone records a request whose client closed the connection before
// its answer: the client's doing, kept apart from failed requests.
func (m *Metrics) ClientGone(method string) {
	if m == nil {
		return
	}
	m.clientGone.WithLabelValues(method).Inc()
}
