package app

import (
	"context"
	"fmt"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db"
	"github.com/rs4otrs/rs4otrs-proxy/internal/proxy"
)

// openCatalog opens the catalog: the OTRS database when RS4OTRS_DB_DSN is
// set, the demo data in demo mode, and otherwise none (nil: the catalog
// methods then answer MsgContactAdmin and ticket writes "No permission").
// layout is the database's table layout, "" without one.
func (a *App) openCatalog(ctx context.Context, cfg *config.Config, log zerolog.Logger) (cat otrs.Catalog, layout string, err error) {
	switch {
	case cfg.DBDSN != "":
		c, err := db.Open(ctx, db.Config{DSN: cfg.DBDSN, TTL: cfg.CatalogTTL, Log: log, Observe: a.observer.DB,
			OnCache: func(hit bool) { a.Metrics.Cache("catalog", hit) }})
		if err != nil {
			return nil, "", fmt.Errorf("RS4OTRS_DB_DSN: %w", err)
		}
		a.closers = append(a.closers, c.Close)
		a.Metrics.WatchCatalog(c.Age)
		a.Ready = append(a.Ready, proxy.Check{Name: "database", Probe: c.Ping})
		return c, c.Schema().Layout(), nil
	case a.Demo != nil:
		log.Info().Msg("catalog: demo data (in memory)")
		return fakeotrs.NewCatalog(a.Demo.Store), "", nil
	}
	log.Warn().Msg("catalog: RS4OTRS_DB_DSN is not set: queues, services, SLAs, views, users, permissions, customers, languages, packages and dynamic fields answer 'Please contact the administrator.'")
	return nil, "", nil
}
