package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// TestTracing: a request carrying a W3C traceparent runs in a server
// span of that trace, named after its route and carrying the request id;
// each OTRS call is a child span; OTRS gets the trace in traceparent
// (issue 17). The spans go to the SDK's in-memory exporter, installed as
// the global provider as OTEL_EXPORTER_OTLP_ENDPOINT would install the
// OTLP one.
func TestTracing(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(tp)
	t.Cleanup(func() { otel.SetTracerProvider(prev); _ = tp.Shutdown(t.Context()) })

	var mu sync.Mutex
	var sent []string // traceparent headers OTRS got
	o := fakeotrs.New(fakeotrs.NewStore())
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		sent = append(sent, r.Header.Get("traceparent"))
		mu.Unlock()
		o.ServeHTTP(w, r)
	}))
	defer fake.Close()
	c := config.Defaults()
	c.OTRSURL = fake.URL + fakeotrs.StockWebservicePath
	c.OTRSWebURL = fake.URL + fakeotrs.AgentInterfacePath
	c.ChallengeSecret, c.DataDir = "test-secret", t.TempDir()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	env := apptest.Serve(t, &c, zerolog.New(io.Discard))

	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	call := func(path string, params map[string]any) map[string]any {
		req := env.Request(path, params)
		req.Header.Set("traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
		req.Header.Set("X-Request-ID", "req-traced")
		_, b := env.Do(req)
		var out map[string]any
		json.Unmarshal(b, &out)
		return out
	}
	mu.Lock()
	sent = nil // the route probe at start ran outside any request
	mu.Unlock()
	login := call("/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})
	token, _ := login["SessionValue"].(string)
	if token == "" {
		t.Fatalf("login: %v", login)
	}
	exp.Reset()
	if out := call("/tickets/getTicketList", map[string]any{"OTRSAgentInterface": token}); out["Response"] != "OK" {
		t.Fatalf("getTicketList: %v", out)
	}

	// The server span ends when the handler returns, which may be just
	// after the client has read the answer.
	spans := exp.GetSpans()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); spans = exp.GetSpans() {
		if slices.ContainsFunc(spans, func(s tracetest.SpanStub) bool { return s.SpanKind == trace.SpanKindServer }) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	var server tracetest.SpanStub
	children := map[string]tracetest.SpanStub{}
	for _, s := range spans {
		if s.SpanContext.TraceID().String() != traceID {
			continue // another test's, were any to run in parallel
		}
		switch s.SpanKind {
		case trace.SpanKindServer:
			server = s
		case trace.SpanKindClient:
			children[s.Name] = s
		}
	}
	if !strings.HasSuffix(server.Name, "/tickets/getTicketList") || !strings.HasPrefix(server.Name, "POST ") {
		t.Fatalf("server span %q; spans: %v", server.Name, spans)
	}
	attrs := map[string]string{}
	for _, a := range server.Attributes {
		attrs[string(a.Key)] = a.Value.String()
	}
	if attrs["rs4otrs.request_id"] != "req-traced" || attrs["http.response.status_code"] != "200" {
		t.Errorf("server span attributes %v", attrs)
	}
	for _, name := range []string{"gi TicketSearch", "gi TicketGet"} {
		s, ok := children[name]
		if !ok {
			t.Errorf("no child span %q; have %v", name, children)
			continue
		}
		if s.Parent.SpanID() != server.SpanContext.SpanID() {
			t.Errorf("%s: parent %s, want the request's span %s", name, s.Parent.SpanID(), server.SpanContext.SpanID())
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(sent) == 0 {
		t.Fatal("OTRS got no request")
	}
	for _, h := range sent {
		if !strings.HasPrefix(h, "00-"+traceID+"-") {
			t.Errorf("OTRS got traceparent %q, want the client's trace", h)
		}
	}
}
