package app

import (
	"context"
	"fmt"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
	"github.com/rs4otrs/rs4otrs-proxy/internal/proxy"
)

// openCatalog gives the API its catalog and permission lookup: the OTRS
// database when RS4OTRS_DB_DSN is set, the demo data in demo mode, and
// otherwise none (the catalog methods then answer MsgContactAdmin and
// ticket writes "No permission").
func (a *App) openCatalog(ctx context.Context, cfg *config.Config, log zerolog.Logger) error {
	switch {
	case cfg.DBDSN != "":
		c, err := db.Open(ctx, db.Config{DSN: cfg.DBDSN, TTL: cfg.CatalogTTL, Log: log, Observe: a.observer.DB,
			OnCache: func(hit bool) { a.Metrics.Cache("catalog", hit) }})
		if err != nil {
			return fmt.Errorf("RS4OTRS_DB_DSN: %w", err)
		}
		a.closers = append(a.closers, c.Close)
		a.Metrics.WatchCatalog(c.Age)
		a.API.Catalog = c
		a.Ready = append(a.Ready, proxy.Check{Name: "database", Probe: c.Ping})
	case a.Demo != nil:
		a.API.Catalog = fakeotrs.NewCatalog(a.Demo.Store)
		log.Info().Msg("catalog: demo data (in memory)")
	default:
		log.Warn().Msg("catalog: RS4OTRS_DB_DSN is not set: queues, services, SLAs, views, users, permissions, customers, languages, packages and dynamic fields answer 'Please contact the administrator.'")
		return nil
	}
	a.API.Perms = perms.New(a.API.Catalog, cfg.PermissionCacheTTL)
	return nil
}
