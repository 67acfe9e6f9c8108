// Package proxy is the HTTP front of rs4otrs-proxy: it routes the 40
// RS4OTRS_API paths, binds parameters from query, JSON or form bodies,
// authenticates the token, and writes the contract's envelope. It never
// writes a token, password or body to the log.
package proxy

import (
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/metrics"
)

// Config configures the HTTP front.
type Config struct {
	// Prefix is where the API is served, e.g. /otrs/api.
	Prefix string
	// SessionName is the parameter and cookie name of the token.
	SessionName string
	// BodyLimit is the largest request body accepted, e.g. "20M".
	BodyLimit string
	Log       zerolog.Logger

	// Metrics, when set, is fed by every request and served at /metrics:
	// by Handler, or with MetricsElsewhere by OpsHandler alone, which
	// main serves on its own listener (RS4OTRS_METRICS_LISTEN), off the
	// public port.
	Metrics          *metrics.Metrics
	MetricsElsewhere bool
	// Ready are the probes behind /readyz.
	Ready []Check
	// System is what /readyz shows of the OTRS served (product,
	// version, layout, session name), learnt once at start.
	System map[string]string
	// LoginLimit bounds failed logins per client and per login.
	LoginLimit LoginLimit
	// CORSOrigins lists the origins browsers may call the API from; empty
	// means CORS is off (the apps are not browsers).
	CORSOrigins []string
	// TrustedProxies are the CIDRs whose X-Forwarded-For is believed for
	// the client address; empty means the TCP peer is the client.
	TrustedProxies []string
	// HSTS adds Strict-Transport-Security (set when serving TLS).
	HSTS bool
	// Push, when set, is the push intake OTRS posts notifications and
	// events to (push.Service.Handler).
	Push http.Handler
}

// Server is the Echo application serving the API.
type Server struct {
	cfg  Config
	api  *api.API
	echo *echo.Echo
	// ops serves the routes of the metrics listener (OpsHandler).
	ops    *echo.Echo
	logins *loginLimiter
	// badTokens and lostPassword count per client (loginlimit.go).
	badTokens, lostPassword *windows
}

// New builds the server for api. config.Validate checks TrustedProxies;
// a bad entry here is logged and the TCP peer is used instead.
func New(cfg Config, a *api.API) *Server {
	if cfg.SessionName == "" {
		cfg.SessionName = "OTRSAgentInterface"
	}
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = "20M"
	}
	e, ops := echo.New(), echo.New()
	e.HideBanner, ops.HideBanner = true, true
	e.HidePort, ops.HidePort = true, true
	s := &Server{cfg: cfg, api: a, echo: e, ops: ops, logins: newLoginLimiter(cfg.LoginLimit),
		badTokens: newWindows(invalidTokenWindow), lostPassword: newWindows(lostPasswordWindow)}
	e.HTTPErrorHandler = s.handleError
	extractor, err := ipExtractor(cfg.TrustedProxies)
	if err != nil {
		cfg.Log.Error().Err(err).Msg("ignoring trusted proxies")
		extractor = echo.ExtractIPDirect()
	}
	e.IPExtractor = extractor
	e.Use(sanitizeRequestID)
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{
		RequestIDHandler: func(c echo.Context, id string) {
			// The request's logger carries its id; it also rides in the
			// context so that code below proxy/ logs with it
			// (zerolog.Ctx).
			l := cfg.Log.With().Str("request_id", id).Logger()
			c.Set(ctxLogger, l)
			c.SetRequest(c.Request().WithContext(l.WithContext(c.Request().Context())))
		},
	}))
	e.Use(s.securityHeaders)
	e.Use(s.accessLog)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			logger(c).Error().Err(err).Bytes("stack", stack).Msg("panic")
			// A panic is a bug of ours: answer 500, so that it shows in
			// metrics and tests instead of passing for an ordinary error.
			return echo.NewHTTPError(http.StatusInternalServerError).SetInternal(err)
		},
	}))
	if len(cfg.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
			AllowOrigins:  cfg.CORSOrigins,
			AllowMethods:  []string{http.MethodGet, http.MethodPost},
			AllowHeaders:  []string{echo.HeaderContentType, echo.HeaderXRequestID},
			ExposeHeaders: []string{echo.HeaderXRequestID, echo.HeaderContentDisposition},
			MaxAge:        600,
		}))
	}
	e.Use(middleware.BodyLimit(cfg.BodyLimit))
	ready := &readiness{checks: cfg.Ready, system: cfg.System, ttl: time.Second, log: cfg.Log}
	for _, rt := range s.routes(a, ready) {
		if rt.off {
			continue
		}
		on := e
		if rt.ops {
			on = ops
		}
		for _, verb := range rt.verbs {
			on.Add(verb, rt.path, rt.handler)
		}
	}
	return s
}

// ipExtractor decides where the client address comes from: the TCP peer,
// or X-Forwarded-For when the peer is a trusted proxy. Believing the
// header from anyone would let a client dodge the login limit.
func ipExtractor(trusted []string) (echo.IPExtractor, error) {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect(), nil
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, cidr := range trusted {
		_, n, err := net.ParseCIDR(cidr)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", cidr, err)
		}
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...), nil
}

// Handler returns the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

// OpsHandler serves the routes that Config.MetricsElsewhere takes off the
// API port (/metrics); it answers 404 to everything when that is unset.
func (s *Server) OpsHandler() http.Handler { return s.ops }

const ctxLogger = "logger"

// logger returns the request's logger, carrying its request id.
func logger(c echo.Context) *zerolog.Logger {
	if l, ok := c.Get(ctxLogger).(zerolog.Logger); ok {
		return &l
	}
	l := zerolog.Nop()
	return &l
}
