package metrics_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/metrics"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
)

// scrape returns the text of /metrics.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// A SOAP call whose answer is HTTP 411 (what a real Apache answered to a
// TicketGet for getAttachment) was counted outcome="ok" twice: the
// outcome came from the HTTP exchange alone. It must be counted once per
// call, with a non-ok outcome, on both the attachment stream and the
// ordinary call path.
func TestSOAP411CountedAsFailure(t *testing.T) {
	otrs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusLengthRequired)
		fmt.Fprint(w, "<html><body><h1>Length Required</h1></body></html>")
	}))
	defer otrs.Close()
	m := metrics.New()
	c, err := gi.New(gi.Config{URL: otrs.URL + "/otrs/nph-genericinterface.pl/Webservice/X", Transport: gi.SOAP, Retries: 1,
		Observe: metrics.Observer{Metrics: m, Log: zerolog.Nop()}.GI})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if rc, err := c.AttachmentContent(ctx, "sid", 1, gi.AttachmentRef{}); err == nil {
		rc.Close()
		t.Fatal("AttachmentContent: no error for HTTP 411")
	}
	if _, err := c.TicketGet(ctx, "sid", []int{1}, gi.GetOptions{}); err == nil {
		t.Fatal("TicketGet: no error for HTTP 411")
	}
	text := scrape(t, m)
	want := `rs4otrs_upstream_requests_total{channel="gi",operation="TicketGet",outcome="http_4xx"} 2`
	if !strings.Contains(text, want) {
		t.Errorf("want %s in\n%s", want, grepLines(text, "rs4otrs_upstream_requests_total"))
	}
	if strings.Contains(text, `outcome="ok"`) {
		t.Errorf("a refused answer counted ok:\n%s", grepLines(text, "rs4otrs_upstream_requests_total"))
	}
}

func grepLines(text, prefix string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestOutcome(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		err    error
		want   string
	}{
		{"answered", 200, nil, "ok"},
		{"web redirect", 302, nil, "ok"},
		{"db statement", 0, nil, "ok"},
		{"soap 411", 411, fmt.Errorf("TicketGet: HTTP 411: %w", gi.ErrTransport), "http_4xx"},
		{"web page 500 without error", 500, nil, "http_5xx"},
		{"web 404 without error", 404, nil, "http_4xx"},
		{"invalid session", 200, fmt.Errorf("x: %w", gi.ErrInvalidSession), "invalid_session"},
		{"web login page", 200, fmt.Errorf("x: %w", web.ErrSessionInvalid), "invalid_session"},
		{"access denied", 200, fmt.Errorf("x: %w", gi.ErrAccessDenied), "access_denied"},
		{"not found", 200, fmt.Errorf("x: %w", gi.ErrNotFound), "not_found"},
		{"operation error", 200, fmt.Errorf("x: %w", gi.ErrOperation), "operation_error"},
		{"deadline", 0, fmt.Errorf("x: %w", context.DeadlineExceeded), "timeout"},
		{"net timeout", 0, fmt.Errorf("x: %w", timeoutErr{}), "timeout"},
		{"client gone", 0, fmt.Errorf("x: %w", context.Canceled), "canceled"},
		{"refused", 0, fmt.Errorf("dial: %w", syscall.ECONNREFUSED), "refused"},
		{"502 transport", 502, fmt.Errorf("x: %w", gi.ErrTransport), "http_5xx"},
		{"undecodable 200", 200, fmt.Errorf("x: %w", gi.ErrTransport), "transport_error"},
		{"db error", 0, errors.New("pq: relation does not exist"), "transport_error"},
		{"other", 200, errors.New("boom"), "error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := metrics.Outcome(tc.status, tc.err); got != tc.want {
				t.Errorf("Outcome(%d, %v) = %q, want %q", tc.status, tc.err, got, tc.want)
			}
		})
	}
}

// The debug line of a call carries the request's logger fields (the
// request id) and never the error's text.
func TestObserverDebugLine(t *testing.T) {
	var req, base bytes.Buffer
	reqLog := zerolog.New(&req).Level(zerolog.DebugLevel).With().Str("request_id", "r-1").Logger()
	o := metrics.Observer{Log: zerolog.New(&base).Level(zerolog.DebugLevel)}
	o.Web(reqLog.WithContext(context.Background()), "AgentTicketWatcher", 200, 5*time.Millisecond, nil)
	o.GI(context.Background(), gi.OpTicketGet, 503, 2, time.Millisecond, fmt.Errorf("SessionID=secret-sid: %w", gi.ErrTransport))
	if got := req.String(); !strings.Contains(got, `"request_id":"r-1"`) || !strings.Contains(got, `"channel":"web"`) || !strings.Contains(got, `"operation":"AgentTicketWatcher"`) {
		t.Errorf("request line %s", got)
	}
	got := base.String()
	for _, want := range []string{`"channel":"gi"`, `"status":503`, `"outcome":"http_5xx"`, `"retries":1`} {
		if !strings.Contains(got, want) {
			t.Errorf("want %s in %s", want, got)
		}
	}
	if strings.Contains(got, "secret-sid") {
		t.Errorf("error text logged: %s", got)
	}
}
