// Package app assembles rs4otrs-proxy from a Config: the OTRS clients, the
// session manager, the API methods and the HTTP front. main and the tests
// start the very same thing.
package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/config"
	"github.com/rs4otrs/rs4otrs-proxy/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/otrs/otrstest"
	"github.com/rs4otrs/rs4otrs-proxy/proxy"
	"github.com/rs4otrs/rs4otrs-proxy/session"
	"github.com/rs4otrs/rs4otrs-proxy/translate"
)

// Version is the proxy's own version, reported by getPackageList.
var Version = "0.1.0-dev"

// App is a configured proxy.
type App struct {
	Server *proxy.Server
	API    *translate.API
	// Demo is the built-in fake OTRS in demo mode, nil otherwise.
	Demo    *otrstest.OTRS
	DemoURL string

	closers []func() error
}

// New builds the proxy for cfg. In demo mode (no OTRS URL) it first starts
// the fake OTRS with the demo data on 127.0.0.1.
func New(ctx context.Context, cfg *config.Config, log zerolog.Logger) (*App, error) {
	a := &App{}
	if cfg.Demo() {
		o, srv := otrstest.Start()
		a.Demo, a.DemoURL = o, srv.URL
		a.closers = append(a.closers, closeServer(srv))
		cfg.OTRSURL = srv.URL + otrstest.StockWebservicePath
		cfg.OTRSRoutes = "stock"
	}
	routes, err := gi.RoutesByName(cfg.OTRSRoutes)
	if err != nil {
		return nil, err
	}
	giClient, err := gi.New(gi.Config{
		URL:     cfg.OTRSURL,
		Routes:  routes,
		Timeout: cfg.RequestTimeout,
		Retries: cfg.Retries,
		HTTPClient: &http.Client{Transport: &http.Transport{
			MaxIdleConnsPerHost: 64,
			IdleConnTimeout:     90 * time.Second,
		}},
	})
	if err != nil {
		return nil, fmt.Errorf("GenericInterface client: %w", err)
	}
	webClient, err := openAgentUI(cfg, a.DemoURL, log)
	if err != nil {
		return nil, err
	}
	var toucher session.Toucher
	if webClient != nil {
		toucher = webClient
	}
	sessions := session.NewManager(giClient, toucher, session.Config{
		TTL:        cfg.SessionCacheTTL,
		Secret:     []byte(cfg.ChallengeSecret),
		TouchEvery: cfg.SessionTouch,
	})
	a.API = &translate.API{
		Opts: translate.Options{
			SessionName:    cfg.SessionName,
			ServerTimeZone: cfg.Location,
			ProxyVersion:   Version,
		},
		Sessions: sessions,
		GI:       giClient,
	}
	if webClient != nil {
		a.API.Web = webClient
	}
	if err := a.openCatalog(ctx, cfg, log); err != nil {
		a.Close()
		return nil, err
	}
	if a.Demo != nil {
		// Seen flags, watchers, links... of the demo data; with a
		// database the SQL catalog has to provide them (TicketFacts).
		a.API.Facts = a.Demo.Store.Facts()
	}
	a.Server = proxy.New(proxy.Config{
		Prefix:      cfg.Prefix,
		SessionName: cfg.SessionName,
		BodyLimit:   cfg.BodyLimit,
		Log:         log,
	}, a.API)
	return a, nil
}

// Handler returns the HTTP handler of the proxy.
func (a *App) Handler() http.Handler { return a.Server.Handler() }

// Close releases what New started, in reverse order.
func (a *App) Close() error {
	var errs []error
	for i := len(a.closers) - 1; i >= 0; i-- {
		errs = append(errs, a.closers[i]())
	}
	return errors.Join(errs...)
}

func closeServer(srv *httptest.Server) func() error {
	return func() error { srv.Close(); return nil }
}
