package proxy

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/metrics"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// goneSessions fails as a session check does when the client has hung
// up: the request's context is canceled under it.
type goneSessions struct{ api.Sessions }

func (goneSessions) Validate(ctx context.Context, _ string) (*session.User, error) {
	return nil, fmt.Errorf("validate session: %w", ctx.Err())
}

// TestClientGone: a request whose client hung up is logged at info and
// counted by rs4otrs_client_gone_total, not as a failed request. On main
// before this change it was an error line and an ERROR in
// rs4otrs_requests_total.
func TestClientGone(t *testing.T) {
	var log bytes.Buffer
	m := metrics.New()
	s := New(Config{Prefix: "/otrs/api", Log: zerolog.New(&log), Metrics: m}, &api.API{Sessions: goneSessions{}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodPost, "/otrs/api/tickets/getTicketList", strings.NewReader(`{"OTRSAgentInterface":"abc123"}`)).WithContext(ctx)
	req.Header.Set("Content-Type", "application/json")
	s.Handler().ServeHTTP(httptest.NewRecorder(), req)

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if want := `rs4otrs_client_gone_total{method="/otrs/api/tickets/getTicketList"} 1`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("metrics lack %s", want)
	}
	if strings.Contains(rec.Body.String(), `rs4otrs_requests_total{`) {
		t.Errorf("counted as a request: %s", rec.Body.String())
	}
	if strings.Contains(log.String(), `"level":"error"`) || !strings.Contains(log.String(), `"client went away"`) {
		t.Errorf("log: %s", log.String())
	}
	if !strings.Contains(log.String(), `"status":499`) {
		t.Errorf("access log without status 499: %s", log.String())
	}
}
