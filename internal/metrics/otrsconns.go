package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// WatchOTRSConnections exports the bound on connections to OTRS: the
// calls in flight and the calls queued, read at scrape time from stats,
// and a histogram of the time calls queued (fed by OTRSConnectionWait).
func (m *Metrics) WatchOTRSConnections(stats func() (inFlight, queued int)) {
	if m == nil {
		return
	}
	m.reg.MustRegister(connCollector{stats}, m.connWait)
}

// OTRSConnectionWait records how long a call to OTRS waited for one of
// the bounded connections (0 when one was free).
func (m *Metrics) OTRSConnectionWait(d time.Duration) {
	if m == nil {
		return
	}
	m.connWait.Observe(d.Seconds())
}

func newConnWait() prometheus.Histogram {
	return prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "rs4otrs_upstream_queue_wait_seconds",
		Help:    "Time calls to OTRS waited for a connection (RS4OTRS_OTRS_MAX_CONNECTIONS), 0 when one was free.",
		Buckets: []float64{0, .001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	})
}

var (
	connInFlightDesc = prometheus.NewDesc("rs4otrs_upstream_in_flight", "Calls to OTRS under way (each holds one connection, at most RS4OTRS_OTRS_MAX_CONNECTIONS).", nil, nil)
	connQueuedDesc   = prometheus.NewDesc("rs4otrs_upstream_queue_length", "Calls to OTRS waiting for a connection.", nil, nil)
)

type connCollector struct {
	stats func() (int, int)
}

func (c connCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- connInFlightDesc
	ch <- connQueuedDesc
}

func (c connCollector) Collect(ch chan<- prometheus.Metric) {
	in, q := c.stats()
	ch <- prometheus.MustNewConstMetric(connInFlightDesc, prometheus.GaugeValue, float64(in))
	ch <- prometheus.MustNewConstMetric(connQueuedDesc, prometheus.GaugeValue, float64(q))
}
