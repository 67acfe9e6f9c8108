package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
)

// openPush starts push when FCM credentials are configured, and in demo
// mode with a sender that only logs, so setPushNotificationToken and
// NeedTokenUpdate work there too. Otherwise push stays off and
// setPushNotificationToken answers the contract's "package must be
// installed" error.
func (a *App) openPush(ctx context.Context, cfg *config.Config, log zerolog.Logger, giClient *gi.Client) error {
	server := cfg.PushServer
	if server == "" {
		if u, err := url.Parse(a.otrsURL); err == nil {
			server = u.Hostname()
		}
	}
	pc := push.Config{
		Server: server, Secret: cfg.PushSecret, BasicUser: cfg.PushBasicUser,
		Workers: cfg.PushWorkers, QueueSize: cfg.PushQueue, MaxAttempts: cfg.PushMaxAttempts,
		Rules: push.Rules{Owner: cfg.PushNotifyOwner, Responsible: cfg.PushNotifyResponsible,
			Watchers: cfg.PushNotifyWatchers, MyQueues: cfg.PushNotifyMyQueues},
		Log: log,
	}
	var tickets push.TicketReader
	var dir push.Directory
	if cfg.PushOTRSUser != "" {
		tickets = push.NewGIReader(giClient, cfg.PushOTRSUser, cfg.PushOTRSPassword)
	}
	if a.API.Catalog != nil && a.API.Perms != nil {
		dir = NewPushDirectory(a.API.Catalog, a.API.Perms)
	}
	if a.Demo != nil {
		tickets = fakeotrs.PushDirectory{S: a.Demo.Store}
	}

	var svc *push.Service
	var sender, store string // for the start-up line
	switch {
	case cfg.FCMCredentials != "":
		var err error
		svc, err = push.Open(ctx, push.Setup{
			DataDir: cfg.DataDir, RedisURL: cfg.RedisURL, RedisPrefix: cfg.PushRedisPrefix,
			FCMCredentials: cfg.FCMCredentials, FCMProject: cfg.FCMProject,
			Service: pc, Tickets: tickets, Directory: dir,
		})
		if err != nil {
			return fmt.Errorf("push: %w", err)
		}
		sender, store = "fcm", "bbolt"
		if cfg.RedisURL != "" {
			store = "redis"
		}
	case a.Demo != nil:
		tmp, err := os.MkdirTemp("", "rs4otrs-demo-push-")
		if err != nil {
			return fmt.Errorf("push: %w", err)
		}
		bolt, err := push.OpenBolt(tmp)
		if err != nil {
			return fmt.Errorf("push: %w", err)
		}
		a.closers = append(a.closers, func() error { return os.RemoveAll(tmp) }, bolt.Close)
		// The configured secret wins; "demo" only stands in when none is
		// set, so that a demo reachable from elsewhere can be closed
		// (main's banner says which one is in force).
		if pc.Secret == "" {
			pc.Secret, a.DemoPushSecret = DemoPushSecret, DemoPushSecret
		}
		svc = push.New(pc, bolt, logSender{log}, tickets, dir)
		sender, store = "log (demo mode)", "bbolt (temporary)"
	default:
		return nil
	}
	a.Push, a.API.Push = svc, svc
	log.Info().Str("sender", sender).Str("store", store).Str("server", server).Int("workers", cfg.PushWorkers).
		Msg("push: on; intake at /push/notification and /push/event")
	a.Metrics.WatchPush(svc.QueueDepth, func() map[string]int64 { return svc.Stats().Counts() })
	a.closers = append(a.closers, func() error {
		c, cancel := context.WithTimeout(context.Background(), cfg.PushGrace)
		defer cancel()
		return svc.Shutdown(c)
	})
	return nil
}

// DemoPushSecret is the push-intake secret of demo mode when
// RS4OTRS_PUSH_SECRET is not set.
const DemoPushSecret = "demo"

// pushHandler is the intake OTRS posts notifications and events to, nil
// when push is off (the route table then leaves its routes out).
func (a *App) pushHandler() http.Handler {
	if a.Push == nil {
		return nil
	}
	return a.Push.Handler()
}

// logSender stands in for FCM in demo mode: it logs what it would send,
// never the device token.
type logSender struct{ log zerolog.Logger }

func (s logSender) Send(_ context.Context, _ string, data map[string]string) error {
	s.log.Info().Str("ticket_id", data["ticket_id"]).Str("title", data["title"]).Msg("push (demo mode, not sent)")
	return nil
}
