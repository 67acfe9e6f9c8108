// Package proxy is the HTTP front of rs4otrs-proxy: it routes the 40
// RS4OTRS_API paths, binds parameters from query, JSON or form bodies,
// authenticates the token, and writes the contract's envelope. It never
// writes a token, password or body to the log.
package proxy

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/translate"
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
}

// Server is the Echo application serving the API.
type Server struct {
	cfg  Config
	api  *translate.API
	echo *echo.Echo
}

// New builds the server for api.
func New(cfg Config, api *translate.API) *Server {
	if cfg.SessionName == "" {
		cfg.SessionName = "OTRSAgentInterface"
	}
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = "20M"
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	s := &Server{cfg: cfg, api: api, echo: e}
	e.HTTPErrorHandler = s.handleError
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{
		RequestIDHandler: func(c echo.Context, id string) {
			c.Set(ctxLogger, cfg.Log.With().Str("request_id", id).Logger())
		},
	}))
	e.Use(s.accessLog)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			logger(c).Error().Err(err).Bytes("stack", stack).Msg("panic")
			return err
		},
	}))
	e.Use(middleware.BodyLimit(cfg.BodyLimit))
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	g := e.Group(cfg.Prefix)
	for _, rt := range routes(api) {
		h := s.handle(rt)
		g.GET(rt.path, h)
		g.POST(rt.path, h)
	}
	return s
}

// Handler returns the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

// Echo exposes the Echo instance so that main and other packages can add
// routes (push intake, metrics) and middleware.
func (s *Server) Echo() *echo.Echo { return s.echo }

const ctxLogger = "logger"

// logger returns the request's logger, carrying its request id.
func logger(c echo.Context) *zerolog.Logger {
	if l, ok := c.Get(ctxLogger).(zerolog.Logger); ok {
		return &l
	}
	l := zerolog.Nop()
	return &l
}

// accessLog logs one line per request: never the query string or body,
// which may hold tokens and passwords.
func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		logger(c).Info().
			Str("method", c.Request().Method).
			Str("path", c.Request().URL.Path).
			Int("status", c.Response().Status).
			Int64("bytes", c.Response().Size).
			Dur("latency", time.Since(start)).
			Str("remote", c.RealIP()).
			Msg("request")
		return nil
	}
}
