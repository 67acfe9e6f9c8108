package proxy

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// validRequestID is what an incoming X-Request-ID may look like; anything
// else (too long, control characters that could forge log lines) is
// replaced by a generated id.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

// sanitizeRequestID drops an unusable X-Request-ID before echo's
// RequestID middleware adopts it.
func sanitizeRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header
		if id := h.Get(echo.HeaderXRequestID); id != "" && !validRequestID.MatchString(id) {
			h.Del(echo.HeaderXRequestID)
		}
		return next(c)
	}
}

// securityHeaders are set on every answer: the API serves JSON and files
// to apps, never pages, so nothing may be framed, sniffed or cached.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		if s.cfg.HSTS {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}

const (
	ctxFailed     = "rs4otrs.failed"
	ctxClientGone = "rs4otrs.client_gone"
)

// routeLabel is the metrics label of the request's route.
func routeLabel(c echo.Context) string {
	if r := c.Path(); r != "" && r != "/*" {
		return r
	}
	return "unmatched"
}

// accessLog logs one line per request and feeds the request metrics:
// never the query string or body, which may hold tokens and passwords.
func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		d := time.Since(start)
		status := c.Response().Status
		failed, _ := c.Get(ctxFailed).(bool)
		route := routeLabel(c)
		if gone, _ := c.Get(ctxClientGone).(bool); gone {
			// Counted by ClientGone, not as a request that failed.
			status = statusClientGone
		} else {
			s.cfg.Metrics.Request(route, status, !failed && status < http.StatusBadRequest, d)
		}
		nameSpan(c, route, status, failed)
		logger(c).Info().
			Str("method", c.Request().Method).
			Str("path", c.Request().URL.Path).
			Int("status", status).
			Bool("failed", failed).
			Int64("bytes", c.Response().Size).
			// The unit in the name: zerolog's Dur depends on a global.
			Float64("latency_ms", float64(d.Microseconds())/1000).
			Str("remote", c.RealIP()).
			Str("user_agent", c.Request().UserAgent()).
			Msg("request")
		return nil
	}
}

// nameSpan gives the request's trace span (app.traced starts it) its
// route, request id and outcome, known only here. A span that is not
// recorded (tracing off) is left alone.
func nameSpan(c echo.Context, route string, status int, failed bool) {
	span := trace.SpanFromContext(c.Request().Context())
	if !span.IsRecording() {
		return
	}
	span.SetName(c.Request().Method + " " + route)
	span.SetAttributes(
		attribute.String("http.route", route),
		attribute.String("rs4otrs.request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
		attribute.Int("http.response.status_code", status),
		attribute.Bool("rs4otrs.failed", failed),
	)
	if failed || status >= http.StatusInternalServerError {
		span.SetStatus(codes.Error, "")
	}
}

// cookieReads are the methods a token taken from the cookie may call from
// anywhere: they change nothing, and a page on another origin cannot read
// their answer (CORS). Every other method, including any added later,
// is a write for cookieWriteAllowed.
var cookieReads = map[string]bool{
	"/customers/getCustomerList":     true,
	"/customers/getCustomerUser":     true,
	"/customers/getCustomerUserList": true,
	"/filters/getTicketViews":        true,
	"/queues/getQueueList":           true,
	"/services/getServiceList":       true,
	"/settings/getLanguageList":      true,
	"/sla/getSLAList":                true,
	"/system/getPackageList":         true,
	"/system/getDynamicFieldList":    true,
	"/tickets/getArticles":           true,
	"/tickets/getAttachment":         true,
	"/tickets/getTicketList":         true,
	"/users/getUserList":             true,
	"/users/getUserPermissions":      true,
}

// errCrossSite refuses a write authorized by the cookie alone from another
// site. It never reaches a method, so it gets its own status (403, shared
// DECISIONS item 1) with the contract's answer for a request without a
// usable token: for this call, the cookie does not count.
var errCrossSite = echo.NewHTTPError(http.StatusForbidden).SetInternal(errors.New("cross-site write with the session cookie"))

// cookieWriteAllowed decides whether a write whose token came from the
// cookie (not from a parameter) may go on. Served on the OTRS host under
// /otrs/api, an agent's browser sends OTRS's session cookie with any
// request another site makes it send (a link, an <img>, a form), so the
// cookie alone must not authorize a write. Allowed are: a call carrying
// the session's ChallengeToken (from the login answer; another site
// cannot know it), or a POST that the browser marks as same-origin or
// that carries no such marks at all (old browsers, curl). Mobile clients
// send the token as a parameter and never get here.
func (s *Server) cookieWriteAllowed(c echo.Context, token string, params api.Params) error {
	if ch := params.String("ChallengeToken"); ch != "" && s.api.Sessions.CheckChallenge(token, ch) {
		return nil
	}
	r := c.Request()
	if r.Method != http.MethodPost {
		return errCrossSite
	}
	// Fetch metadata: "none" is the user's own navigation (typed URL,
	// bookmark); same-site is refused too, since another host of the
	// same site is another application.
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return errCrossSite
	}
	if o := r.Header.Get(echo.HeaderOrigin); o != "" && !sameOrigin(o, r.Host) {
		return errCrossSite
	}
	return nil
}

// sameOrigin reports whether the Origin header names the host the request
// was sent to. Only host and port are compared: behind a TLS-terminating
// reverse proxy the scheme the proxy sees is not the browser's, and a page
// on the same host and port is served by the same server.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false // "null" (sandboxed frames, file://) included
	}
	return strings.EqualFold(u.Host, host)
}
