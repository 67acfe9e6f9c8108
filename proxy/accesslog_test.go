package proxy

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/metrics"
	"github.com/rs4otrs/rs4otrs-proxy/translate"
)

// TestAccessLogNamesItsUnit: the latency field says it is milliseconds,
// so dashboards need not guess zerolog's global unit.
func TestAccessLogNamesItsUnit(t *testing.T) {
	var buf bytes.Buffer
	s := New(Config{Prefix: "/otrs/api", Log: zerolog.New(&buf)}, &translate.API{})
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

// TestMetricsElsewhere: with their own listener, metrics leave the API port.
func TestMetricsElsewhere(t *testing.T) {
	for _, tc := range []struct {
		elsewhere bool
		want      int
	}{{false, http.StatusOK}, {true, http.StatusNotFound}} {
		s := New(Config{Prefix: "/otrs/api", Log: zerolog.Nop(), Metrics: metrics.New(), MetricsElsewhere: tc.elsewhere}, &translate.API{})
		srv := httptest.NewServer(s.Handler())
		resp, err := http.Get(srv.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		srv.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("elsewhere=%v: /metrics %d, want %d", tc.elsewhere, resp.StatusCode, tc.want)
		}
	}
}
