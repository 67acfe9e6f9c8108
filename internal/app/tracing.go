package app

import (
	"context"
	"net/http"
	"os"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	sdkresource "go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
	"go.opentelemetry.io/otel/trace"
)

// tracerName names the proxy's spans' instrumentation scope.
const tracerName = "github.com/rs4otrs/rs4otrs-proxy"

// startTracing installs an OpenTelemetry tracer provider exporting over
// OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or its _TRACES_ variant)
// is set; the exporter reads the standard OTEL_* variables itself
// (headers, protocol details, timeouts; OTEL_SERVICE_NAME and
// OTEL_RESOURCE_ATTRIBUTES through the resource). Without them the
// global provider stays as it is: a no-op, or what a test installed.
// W3C traceparent is accepted from clients and sent to OTRS either way;
// with a no-op provider it only passes the client's trace on.
func startTracing(ctx context.Context, log zerolog.Logger) (shutdown func() error, err error) {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	if os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == "" && os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") == "" {
		return func() error { return nil }, nil
	}
	if os.Getenv("OTEL_TRACES_EXPORTER") == "none" || os.Getenv("OTEL_SDK_DISABLED") == "true" {
		return func() error { return nil }, nil
	}
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, err
	}
	res, err := sdkresource.Merge(
		sdkresource.NewSchemaless(semconv.ServiceName("rs4otrs-proxy"), semconv.ServiceVersion(Version)),
		sdkresource.Environment(),
	)
	if err != nil {
		res = sdkresource.Default()
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	otel.SetTracerProvider(tp)
	log.Info().Msg("tracing: on, OTLP/HTTP exporter (OTEL_EXPORTER_OTLP_* settings)")
	return func() error { return tp.Shutdown(context.Background()) }, nil
}

// traced wraps the API handler: it takes the client's W3C traceparent
// (if any) and runs the request in a server span, which the access log
// (internal/proxy) names after the route and gives the request id and
// the status. The writer is passed on untouched (streaming, client-gone
// detection).
func traced(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := otel.GetTextMapPropagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := otel.Tracer(tracerName).Start(ctx, r.Method, trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(attribute.String("http.request.method", r.Method)))
		defer span.End()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// propagating sends the current trace to OTRS as W3C traceparent, so
// that a traced OTRS (or a reverse proxy in front of it) can join it.
type propagating struct{ next http.RoundTripper }

func (p propagating) RoundTrip(r *http.Request) (*http.Response, error) {
	if !trace.SpanContextFromContext(r.Context()).IsValid() {
		return p.next.RoundTrip(r)
	}
	r = r.Clone(r.Context()) // a RoundTripper must not change its request
	otel.GetTextMapPropagator().Inject(r.Context(), propagation.HeaderCarrier(r.Header))
	return p.next.RoundTrip(r)
}
