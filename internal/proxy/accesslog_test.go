package proxy

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/metrics"
)

// TestAccessLogNamesItsUnit: the latency field says it is milliseconds,
// so dashboards need not guess zerolog's global unit.
func TestAccessLogNamesItsUnit(t *testing.T) {
	var buf bytes.Buffer
	s := New(Config{Prefix: "/otrs/api", Log: zerolog.New(&buf)}, &api.API{})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var line map[string]any
	if err := json.Unmarshal(bytes.TrimSpace(buf.Bytes()), &line); err != nil {
		t.Fatalf("log %q: %v", buf.String(), err)
	}
	if _, ok := line["latency_ms"].(float64); !ok || line["latency"] != nil {
		t.Errorf("access log line %v: want latency_ms, a number", line)
	}
}

// TestMetricsElsewhere: with their own listener, metrics leave the API
// port for OpsHandler, which main serves on RS4OTRS_METRICS_LISTEN.
func TestMetricsElsewhere(t *testing.T) {
	for _, tc := range []struct {
		elsewhere bool
		api, ops  int // /metrics on Handler and on OpsHandler
	}{{false, http.StatusOK, http.StatusNotFound}, {true, http.StatusNotFound, http.StatusOK}} {
		s := New(Config{Prefix: "/otrs/api", Log: zerolog.Nop(), Metrics: metrics.New(), MetricsElsewhere: tc.elsewhere}, &api.API{})
		for _, h := range []struct {
			name    string
			handler http.Handler
			want    int
		}{{"Handler", s.Handler(), tc.api}, {"OpsHandler", s.OpsHandler(), tc.ops}} {
			rec := httptest.NewRecorder()
			h.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
			if rec.Code != h.want {
				t.Errorf("elsewhere=%v: %s /metrics %d, want %d", tc.elsewhere, h.name, rec.Code, h.want)
			}
		}
	}
}
