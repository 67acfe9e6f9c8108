package proxy

import (
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"time"
)

// ServerConfig holds the limits of the HTTP server and its optional TLS.
type ServerConfig struct {
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, body included.
	ReadTimeout time.Duration
	// WriteTimeout bounds a whole answer; a 20 MB attachment to a slow
	// phone needs minutes, not seconds.
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	// TLSCertFile and TLSKeyFile serve HTTPS when both are set.
	TLSCertFile, TLSKeyFile string
}

// NewHTTPServer returns the http.Server for h with cfg's limits.
func NewHTTPServer(h http.Handler, cfg ServerConfig) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		TLSConfig:         &tls.Config{MinVersion: tls.VersionTLS12},
	}
}

// Serve serves srv on ln, over TLS when cfg names the certificate files,
// until srv is shut down (which is not an error).
func Serve(srv *http.Server, ln net.Listener, cfg ServerConfig) error {
	var err error
	if cfg.TLSCertFile != "" {
		err = srv.ServeTLS(ln, cfg.TLSCertFile, cfg.TLSKeyFile)
	} else {
		err = srv.Serve(ln)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
