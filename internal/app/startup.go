package app

import (
	"context"
	"time"

	"github.com/rs/zerolog"
)

// warnUnreachable asks OTRS once at start and logs a warning when it does
// not answer, so that a wrong URL or a firewall shows in the log at once
// and not only on /readyz. The proxy starts anyway: OTRS may come up
// later. REST needs no call of its own, since the route probe
// (resolveRoutes) already warns; SOAP has no routes to probe. Bounded so
// that a host that swallows packets delays the start by seconds only.
func warnUnreachable(ctx context.Context, ping func(context.Context) error, log zerolog.Logger) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := ping(ctx); err != nil {
		log.Warn().Err(err).Msg("OTRS GenericInterface does not answer at start; serving anyway, /readyz reports it until it does")
	}
}
