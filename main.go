// Command rs4otrs-proxy serves the RS4OTRS_API in front of an unmodified
// OTRS / Znuny / OTOBO. With no RS4OTRS_OTRS_URL it starts against a
// built-in demo OTRS.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/app"
	"github.com/rs4otrs/rs4otrs-proxy/config"
	"github.com/rs4otrs/rs4otrs-proxy/otrs/otrstest"
	"github.com/rs4otrs/rs4otrs-proxy/proxy"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run starts the proxy and serves until ctx ends, then shuts down
// gracefully, letting requests in flight finish.
func run(ctx context.Context, stdout, stderr io.Writer) error {
	cfg, err := config.Load(false)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("RS4OTRS_LISTEN: %w", err)
	}
	scfg := proxy.ServerConfig{
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		TLSCertFile:       cfg.TLSCertFile,
		TLSKeyFile:        cfg.TLSKeyFile,
	}
	srv := proxy.NewHTTPServer(a.Handler(), scfg)
	scheme := "http"
	if cfg.TLSCertFile != "" {
		scheme = "https"
	}
	base := scheme + "://" + ln.Addr().String() + cfg.Prefix
	if a.Demo != nil {
		fmt.Fprintf(stdout, "rs4otrs-proxy %s in DEMO mode: no RS4OTRS_OTRS_URL, serving the built-in demo OTRS at %s\n", app.Version, a.DemoURL)
		fmt.Fprintf(stdout, "API: %s  (demo login: User=%s Password=%s, demo mode only)\n", base, otrstest.DemoLogin, otrstest.DemoPassword)
		fmt.Fprintf(stdout, "try: curl -s %s/auth/login -H 'Content-Type: application/json' -d '{\"User\":\"%s\",\"Password\":\"%s\"}'\n", base, otrstest.DemoLogin, otrstest.DemoPassword)
	} else {
		fmt.Fprintf(stdout, "rs4otrs-proxy %s serving %s\n", app.Version, base)
	}
	log.Info().Str("listen", ln.Addr().String()).Bool("demo", a.Demo != nil).Msg("serving")

	errc := make(chan error, 1)
	go func() { errc <- proxy.Serve(srv, ln, scfg) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info().Msg("shutting down")
	// Shutdown stops accepting, then waits for requests in flight.
	shutCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func newLogger(cfg *config.Config, w io.Writer) zerolog.Logger {
	level, _ := zerolog.ParseLevel(cfg.LogLevel)
	if cfg.LogFormat == "console" {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.RFC3339}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}
