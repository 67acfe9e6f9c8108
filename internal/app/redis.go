package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/proxy"
)

// redisCheck adds Redis to /readyz when RS4OTRS_REDIS_URL is set: the
// replicas share their device tokens there, so a replica that cannot
// reach it is not ready. The push store's own client is probed when push
// uses Redis; otherwise a client of one connection serves the probe.
func (a *App) redisCheck(cfg *config.Config) {
	if cfg.RedisURL == "" {
		return
	}
	if a.Push != nil {
		if p := a.Push.StorePing(); p != nil {
			a.Ready = append(a.Ready, proxy.Check{Name: "redis", Probe: p})
			return
		}
	}
	opt, err := redis.ParseURL(cfg.RedisURL)
	if err != nil {
		return // config.Validate refuses such a URL
	}
	opt.PoolSize = 1
	rdb := redis.NewClient(opt)
	a.closers = append(a.closers, rdb.Close)
	a.Ready = append(a.Ready, proxy.Check{Name: "redis", Probe: func(ctx context.Context) error {
		if err := rdb.Ping(ctx).Err(); err != nil {
			return fmt.Errorf("redis %s: %w", opt.Addr, err)
		}
		return nil
	}})
}

// redisLogger routes go-redis's own log lines (pool and dial failures,
// Sentinel fail-overs, protocol fallbacks) into the JSON log: by default
// it prints plain text to stderr, which log collectors cannot parse. It
// logs what the library chose to report, at warn level; go-redis puts
// addresses in these lines, never passwords.
type redisLogger struct{ log zerolog.Logger }

func (l redisLogger) Printf(_ context.Context, format string, v ...any) {
	l.log.Warn().Str("component", "go-redis").Msg(strings.TrimSpace(fmt.Sprintf(format, v...)))
}
