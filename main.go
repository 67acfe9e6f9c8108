// Command rs4otrs-proxy serves the RS4OTRS_API in front of an unmodified
// OTRS / Znuny / OTOBO. `rs4otrs-proxy demo` (or RS4OTRS_DEMO=true) starts
// it against a built-in demo OTRS instead; without either it refuses to
// start until RS4OTRS_OTRS_URL is set.
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
	"strings"
	"syscall"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/proxy"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

const usage = `rs4otrs-proxy serves the RS4OTRS mobile API in front of an unmodified OTRS,
Znuny or OTOBO.

usage:
  rs4otrs-proxy             serve the OTRS named by RS4OTRS_OTRS_URL
  rs4otrs-proxy demo        serve a built-in demo OTRS (login demo/demo);
                            RS4OTRS_DEMO=true does the same
  rs4otrs-proxy --version   print the version
  rs4otrs-proxy --help      print this help

Every setting is an RS4OTRS_* environment variable (README.md, Configuration);
an unknown RS4OTRS_* variable stops the start. Main ones:
  RS4OTRS_OTRS_URL        GenericInterface web service, e.g.
                          https://otrs.example.com/otrs/nph-genericinterface.pl/Webservice/RS4OTRSProxy
  RS4OTRS_LISTEN          address to listen on (default 127.0.0.1:8187)
  RS4OTRS_DB_DSN          read-only OTRS database login (catalogs, permissions)
  RS4OTRS_METRICS_LISTEN  serve /metrics on this address only
`

// errUsage marks a command line that is not understood (exit code 2).
var errUsage = errors.New("usage")

// run starts the proxy and serves until ctx ends, then shuts down
// gracefully, letting requests in flight finish. args are the command
// line's arguments after the program name.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	demo := false
	switch strings.Join(args, " ") {
	case "":
	case "demo":
		demo = true
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	case "-version", "--version", "version":
		fmt.Fprintf(stdout, "rs4otrs-proxy %s\n", app.Version)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: unknown arguments %q (see --help)", errUsage, args)
	}
	cfg, err := config.Load(demo)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := newLogger(cfg, stderr)
	for _, name := range cfg.Placeholders() {
		// Validate refuses them outside demo mode.
		log.Warn().Str("setting", name).Msg("placeholder secret of the deploy examples: set your own before serving real agents")
	}
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
	servers := []*http.Server{srv}
	errc := make(chan error, 2)
	if cfg.MetricsListen != "" {
		mln, err := net.Listen("tcp", cfg.MetricsListen)
		if err != nil {
			ln.Close()
			return fmt.Errorf("RS4OTRS_METRICS_LISTEN: %w", err)
		}
		msrv := &http.Server{Handler: a.Server.OpsHandler(), ReadHeaderTimeout: cfg.ReadHeaderTimeout}
		servers = append(servers, msrv)
		go func() { errc <- proxy.Serve(msrv, mln, proxy.ServerConfig{}) }()
		fmt.Fprintf(stdout, "metrics: %s\n", reachableURL("http", mln.Addr())+"/metrics")
	}
	scheme := "http"
	if cfg.TLSCertFile != "" {
		scheme = "https"
	}
	base := reachableURL(scheme, ln.Addr()) + cfg.Prefix
	if a.Demo != nil {
		fmt.Fprintf(stdout, "rs4otrs-proxy %s in DEMO mode, serving the built-in demo OTRS at %s\n", app.Version, a.DemoURL)
		fmt.Fprintf(stdout, "API: %s  (demo login: User=%s Password=%s, demo mode only)\n", base, fakeotrs.DemoLogin, fakeotrs.DemoPassword)
		fmt.Fprintf(stdout, "try: curl -s %s/auth/login -H 'Content-Type: application/json' -d '{\"User\":\"%s\",\"Password\":\"%s\"}'\n", base, fakeotrs.DemoLogin, fakeotrs.DemoPassword)
		if a.DemoPushSecret != "" {
			fmt.Fprintf(stdout, "push intake: %s://%s/push/notification, secret %q (RS4OTRS_PUSH_SECRET unset)\n", scheme, ln.Addr(), a.DemoPushSecret)
		} else if a.Push != nil {
			fmt.Fprintf(stdout, "push intake: %s://%s/push/notification, secret from RS4OTRS_PUSH_SECRET\n", scheme, ln.Addr())
		}
	} else {
		fmt.Fprintf(stdout, "rs4otrs-proxy %s serving %s\n", app.Version, base)
	}
	log.Info().Str("listen", ln.Addr().String()).Str("metrics_listen", cfg.MetricsListen).Bool("demo", a.Demo != nil).Msg("serving")

	go func() { errc <- proxy.Serve(srv, ln, scfg) }()
	select {
	case err := <-errc:
		for _, s := range servers {
			s.Close()
		}
		return err
	case <-ctx.Done():
	}
	log.Info().Msg("shutting down")
	// Shutdown stops accepting, then waits for requests in flight.
	shutCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	var errs []error
	for _, s := range servers {
		if err := s.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, fmt.Errorf("shutdown: %w", err))
		}
	}
	return errors.Join(errs...)
}

// reachableURL is the base URL to print for a listener: one a person can
// paste. An unspecified address (0.0.0.0, [::]) listens on every
// interface, so the loopback address names it on this machine.
func reachableURL(scheme string, addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return scheme + "://" + addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

func newLogger(cfg *config.Config, w io.Writer) zerolog.Logger {
	level, _ := zerolog.ParseLevel(cfg.LogLevel)
	if cfg.LogFormat == "console" {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.RFC3339}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}
