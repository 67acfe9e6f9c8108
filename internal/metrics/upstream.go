package metrics

import (
	"context"
	"errors"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Observer feeds the upstream metrics and writes the debug line of every
// call to OTRS, on each channel: gi (GenericInterface), web (the agent
// interface index.pl) and db (the catalog database). Its methods are the
// clients' Observe hooks. The line goes to the request's logger (it
// carries the request id) or, for calls outside a request (push, catalog
// refresh, start-up), to Log. It names the channel, the operation, the
// HTTP status, the outcome, the duration and the retries, never a URL,
// header, body, parameter or error text: those may hold a SessionID,
// a password or a customer's data.
type Observer struct {
	Metrics *Metrics
	Log     zerolog.Logger
}

// GI is gi.Config.Observe.
func (o Observer) GI(ctx context.Context, op gi.Op, status, attempts int, d time.Duration, err error) {
	o.observe(ctx, "gi", string(op), status, attempts, d, err)
}

// Web is web.Config.Observe.
func (o Observer) Web(ctx context.Context, action string, status int, d time.Duration, err error) {
	o.observe(ctx, "web", action, status, 1, d, err)
}

// DB is db.Config.Observe.
func (o Observer) DB(ctx context.Context, statement string, d time.Duration, err error) {
	o.observe(ctx, "db", statement, 0, 1, d, err)
}

func (o Observer) observe(ctx context.Context, channel, op string, status, attempts int, d time.Duration, err error) {
	out := Outcome(status, err)
	o.Metrics.upstreamCall(channel, op, out, d)
	childSpan(ctx, channel, op, status, out, d)
	l := zerolog.Ctx(ctx)
	if l.GetLevel() == zerolog.Disabled {
		l = &o.Log
	}
	ev := l.Debug()
	if !ev.Enabled() {
		return
	}
	if status > 0 {
		ev = ev.Int("status", status)
	}
	retries := attempts - 1
	if retries < 0 {
		retries = 0
	}
	ev.Str("channel", channel).
		Str("operation", op).
		Str("outcome", out).
		Float64("duration_ms", float64(d.Microseconds())/1000).
		Int("retries", retries).
		Msg("upstream")
}

// childSpan records the call as a child of the request's span, when that
// span is recorded: told after the call, it is given the call's start
// and end. Calls outside a request (push, refreshes) make no root span.
func childSpan(ctx context.Context, channel, op string, status int, out string, d time.Duration) {
	if !trace.SpanFromContext(ctx).IsRecording() {
		return
	}
	end := time.Now()
	_, span := otel.Tracer("github.com/rs4otrs/rs4otrs-proxy/otrs").Start(ctx, channel+" "+op,
		trace.WithTimestamp(end.Add(-d)), trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("rs4otrs.channel", channel), attribute.String("rs4otrs.operation", op),
			attribute.String("rs4otrs.outcome", out)))
	if status > 0 {
		span.SetAttributes(attribute.Int("http.response.status_code", status))
	}
	if out != "ok" {
		span.SetStatus(codes.Error, out)
	}
	span.End(trace.WithTimestamp(end))
}

// Outcome names the result of one upstream call with a bounded label
// value, from the answer rather than from Go's error alone: first OTRS's
// own error code family, then what went wrong on the way (timeout,
// refused, canceled), then the HTTP status class. A call that returned
// no error but an HTTP error status is not "ok" either.
func Outcome(status int, err error) string {
	switch {
	case err == nil && status < http.StatusBadRequest:
		return "ok"
	case errors.Is(err, gi.ErrInvalidSession), errors.Is(err, web.ErrSessionInvalid):
		return "invalid_session"
	case errors.Is(err, gi.ErrAccessDenied), errors.Is(err, web.ErrNoPermission):
		return "access_denied"
	case errors.Is(err, gi.ErrNotFound):
		return "not_found"
	case errors.Is(err, gi.ErrMissingParameter), errors.Is(err, gi.ErrInvalidParameter), errors.Is(err, gi.ErrOperation):
		return "operation_error"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case isTimeout(err):
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused"
	case status >= http.StatusInternalServerError:
		return "http_5xx"
	case status >= http.StatusBadRequest:
		return "http_4xx"
	case errors.Is(err, gi.ErrTransport), status == 0:
		return "transport_error"
	}
	return "error"
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
