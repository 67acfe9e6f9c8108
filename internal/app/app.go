// Package app assembles rs4otrs-proxy from a Config: the OTRS clients, the
// session manager, the API methods and the HTTP front. main and the tests
// start the very same thing.
package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/latency"
	"github.com/rs4otrs/rs4otrs-proxy/internal/metrics"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/connlimit"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
	"github.com/rs4otrs/rs4otrs-proxy/internal/proxy"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// Version is the proxy's own version, reported by getPackageList.
var Version = "0.1.0-dev"

// App is a configured proxy.
type App struct {
	Server *proxy.Server
	API    *api.API
	// Demo is the built-in fake OTRS in demo mode, nil otherwise.
	Demo    *fakeotrs.OTRS
	DemoURL string
	// demoUI is the URL of the demo's agent interface (its path is the
	// dialect's).
	demoUI string
	// Push is the push service, nil when push is off.
	Push *push.Service
	// DemoPushSecret is the push-intake secret demo mode fell back to
	// (RS4OTRS_PUSH_SECRET unset), empty when the configured one is used.
	DemoPushSecret string
	// Metrics feeds /metrics; nil when RS4OTRS_METRICS is off.
	Metrics *metrics.Metrics
	// Ready are the /readyz probes; wiring code may add its own (the
	// database) before the server is built.
	Ready []proxy.Check

	// otrsURL is the GenericInterface URL in use (the fake's in demo
	// mode), archiveField the archive dynamic field.
	otrsURL, archiveField string

	// observer is the Observe hook of the three OTRS channels.
	observer metrics.Observer

	closers []func() error
}

// New builds the proxy for cfg. In demo mode it first starts the fake OTRS
// with the demo data on 127.0.0.1.
func New(ctx context.Context, cfg *config.Config, log zerolog.Logger) (*App, error) {
	a := &App{}
	// go-redis has one logger for the whole process; the last app
	// built sets it (main builds one).
	redis.SetLogger(redisLogger{log})
	if cfg.Metrics {
		a.Metrics = metrics.New()
	}
	// Every call to OTRS, on every channel, is measured and, at debug,
	// logged with the request id of the request that made it.
	a.observer = metrics.Observer{Metrics: a.Metrics, Log: log}
	stopTracing, err := startTracing(ctx, log)
	if err != nil {
		return nil, fmt.Errorf("tracing (OTEL_*): %w", err)
	}
	a.closers = append(a.closers, stopTracing)
	// What the configuration implies, computed here: cfg is never
	// rewritten. In demo mode the GI URL and the archive field are the
	// fake's.
	a.otrsURL, a.archiveField = cfg.OTRSURL, cfg.ArchiveField
	if cfg.Demo() {
		if err := a.startDemo(cfg); err != nil {
			return nil, err
		}
	}
	// One bound for every call to OTRS, GI and agent interface alike:
	// both take Apache workers of the same server.
	conns := connlimit.New(cfg.OTRSMaxConns, a.Metrics.OTRSConnectionWait)
	a.Metrics.WatchOTRSConnections(conns.Stats)
	hc := &http.Client{Transport: propagating{conns.Transport(&http.Transport{
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     90 * time.Second,
	})}}
	// SOAP has one endpoint and no routes; REST's route set is detected
	// (auto) or checked against the web service.
	routes := cfg.OTRSRoutes
	if cfg.OTRSTransport == "soap" {
		if routes == "auto" {
			routes = "stock"
		}
	} else {
		var check proxy.Check
		routes, check = resolveRoutes(ctx, cfg.OTRSRoutes, a.otrsURL, hc, log)
		a.Ready = append(a.Ready, check)
	}
	// The one transport of every GI call, attachment downloads included.
	transport, err := gi.TransportByName(cfg.OTRSTransport, routes)
	if err != nil {
		return nil, err
	}
	giClient, err := gi.New(gi.Config{
		URL:        a.otrsURL,
		Transport:  transport,
		Timeout:    cfg.RequestTimeout,
		Retries:    cfg.Retries,
		HTTPClient: hc,
		Observe:    a.observer.GI,
		Retried:    a.Metrics.GIRetried,
	})
	if err != nil {
		return nil, fmt.Errorf("GenericInterface client: %w", err)
	}
	log.Info().Str("transport", transportName(cfg.OTRSTransport)).Str("routes", routeSetName(cfg.OTRSTransport, routes)).
		Str("url", safeURL(a.otrsURL)).Int("retries", cfg.Retries).Dur("timeout", cfg.RequestTimeout).
		Msg("otrs: GenericInterface channel")
	// The catalog first: OTRS's own settings (the session name) shape
	// the clients below.
	catalog, layout, err := a.openCatalog(ctx, cfg, log)
	if err != nil {
		a.Close()
		return nil, err
	}
	sys := learnSystem(ctx, cfg, catalog, layout, log)
	webClient, err := openAgentUI(cfg, sys, a.demoUI, a.observer.Web, conns, log)
	if err != nil {
		a.Close()
		return nil, err
	}
	secret, err := challengeSecret(cfg, log)
	if err != nil {
		return nil, err
	}
	var toucher session.Toucher
	if webClient != nil {
		toucher = webClient
	}
	sessCfg := session.Config{
		TTL:        cfg.SessionCacheTTL,
		Secret:     secret,
		TouchEvery: cfg.SessionTouch,
		OnCache:    func(hit bool) { a.Metrics.Cache("session", hit) },
	}
	// Replicas that share Redis share ended sessions: a logout on one is
	// effective on all at once (README, "Scaling").
	if cfg.RedisURL != "" {
		ended, err := session.OpenRedisEnded(cfg.RedisURL, session.DefaultEndedPrefix)
		if err != nil {
			a.Close()
			return nil, err
		}
		a.closers = append(a.closers, ended.Close)
		sessCfg.Ended = ended
	}
	sessions := session.NewManager(giClient, toucher, sessCfg)
	a.Ready = append(a.Ready, proxy.Check{Name: "otrs", Probe: giClient.Ping})
	if cfg.OTRSTransport == "soap" {
		warnUnreachable(ctx, giClient.Ping, log)
	}
	a.API = &api.API{
		Opts: api.Options{
			SessionName:    sys.sessionName,
			ServerTimeZone: cfg.TimeZone(),
			ProxyVersion:   Version,
			SearchLimit:    cfg.SearchLimit,
			ArchiveField:   a.archiveField,
			Views: api.ViewOptions{
				DefaultState: cfg.DefaultState, DefaultPriority: cfg.DefaultPriority,
				PriorityColors: cfg.PriorityColors, TypeColors: cfg.TypeColors,
				TypeAbbrs: cfg.TypeAbbrs, StateColors: cfg.StateColors,
			},
		},
		Sessions: sessions,
		GI:       giClient,
	}
	if webClient != nil {
		a.API.Web = webClient
	}
	a.API.Opts.MobileDynamicFields, _ = cfg.MobileFields() // checked by Validate
	if catalog != nil {
		a.API.Catalog = catalog
		a.API.Perms = perms.New(catalog, cfg.PermissionCacheTTL)
	}
	if err := a.openPush(ctx, cfg, log, giClient); err != nil {
		a.Close()
		return nil, err
	}
	a.redisCheck(cfg)
	if cfg.RedisURL != "" {
		log.Info().Str("server", safeURL(cfg.RedisURL)).Bool("push_store", a.Push != nil && a.Push.StorePing() != nil).
			Msg("redis: ended sessions shared between replicas")
	}
	a.Server = proxy.New(proxy.Config{
		Prefix:           cfg.Prefix,
		SessionName:      sys.sessionName,
		System:           sys.readyFacts(),
		BodyLimit:        cfg.BodyLimit,
		Log:              log,
		Metrics:          a.Metrics,
		MetricsElsewhere: cfg.MetricsListen != "",
		Ready:            a.Ready,
		LoginLimit: proxy.LoginLimit{
			PerClient: cfg.LoginFailuresPerClient,
			PerLogin:  cfg.LoginFailuresPerLogin,
			Window:    cfg.LoginFailureWindow,
		},
		CORSOrigins:    cfg.CORSOrigins,
		TrustedProxies: cfg.TrustedProxies,
		HSTS:           cfg.TLSCertFile != "",
		Push:           a.pushHandler(),
	}, a.API)
	return a, nil
}

// Handler returns the HTTP handler of the proxy.
// It runs each request in a trace span (see traced).
func (a *App) Handler() http.Handler { return traced(a.Server.Handler()) }

// Close releases what New started, in reverse order.
func (a *App) Close() error {
	var errs []error
	for i := len(a.closers) - 1; i >= 0; i-- {
		errs = append(errs, a.closers[i]())
	}
	return errors.Join(errs...)
}

// startDemo serves the fake OTRS with the demo data on a loopback port,
// imitating the line RS4OTRS_DEMO_PRODUCT names.
func (a *App) startDemo(cfg *config.Config) error {
	product, err := fakeotrs.ProductByKey(cfg.DemoProduct)
	if err != nil {
		return fmt.Errorf("demo mode: RS4OTRS_DEMO_PRODUCT: %w", err)
	}
	o := fakeotrs.New(fakeotrs.NewStoreFor(product))
	// The demo runs on the real clock, so what a newcomer creates
	// carries today's time; tests freeze it again (apptest). It also
	// carries the archive set-up an admin would make, so that
	// updateArchiveFlag works as on a real OTRS.
	o.Store.Lock(func(s *fakeotrs.Store) {
		s.Now = time.Now
		s.SetUpArchiving()
	})
	// RS4OTRS_DEMO_LATENCY: answer as slowly as a real Znuny (checked
	// by Validate).
	model, err := latency.Parse(cfg.DemoLatency, uint64(cfg.DemoLatencySeed))
	if err != nil {
		return fmt.Errorf("demo mode: %w", err)
	}
	o.SetLatency(model)
	srv, err := o.Listen("127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("demo mode: %w", err)
	}
	if a.archiveField == "" {
		a.archiveField = fakeotrs.ArchiveField
	}
	a.Demo, a.DemoURL = o, srv.URL
	// Bounded by RS4OTRS_SHUTDOWN_TIMEOUT like the proxy's own server:
	// requests in flight get that long, then their connections close.
	a.closers = append(a.closers, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		return srv.Shutdown(ctx)
	})
	// The fake serves each web service with its own routes, so the demo
	// runs the configured transport too (auto: stock).
	p := o.Paths()
	switch {
	case cfg.OTRSTransport == "soap":
		a.otrsURL = srv.URL + p.SOAPWebservice
	case cfg.OTRSRoutes == "proxy":
		a.otrsURL = srv.URL + p.ProxyWebservice
	default:
		a.otrsURL = srv.URL + p.StockWebservice
	}
	// Its SessionName (OTOBO's differs) comes, as from a real OTRS,
	// from the catalog's settings (learnSystem).
	a.demoUI = srv.URL + p.AgentInterface
	return nil
}
