package proxy

import (
	"net/http"
	"regexp"
	"time"

	"github.com/labstack/echo/v4"
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
