package app

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
)

// agentUI is an agent interface the app found itself (demo mode's).
type agentUI struct{ url, sessionName string }

// openAgentUI returns the agent-interface client: RS4OTRS_OTRS_WEB_URL,
// else the index.pl next to RS4OTRS_OTRS_URL, else (demo) the fake's,
// with the fake's SessionName. It returns nil, with a warning, when no
// URL can be derived.
func openAgentUI(cfg *config.Config, demo agentUI, observe func(context.Context, string, int, time.Duration, error), log zerolog.Logger) (*web.Client, error) {
	u, name := cfg.OTRSWebURL, cfg.SessionName
	switch {
	case u != "":
	case demo.url != "":
		u, name = demo.url, demo.sessionName
	default:
		d, err := web.DeriveURL(cfg.OTRSURL)
		if err != nil {
			log.Warn().Err(err).Msg("agent interface: set RS4OTRS_OTRS_WEB_URL; watching, seen flags, lost password, customer users, logout and session keep-alive are off")
			return nil, nil
		}
		u = d
	}
	c, err := web.New(web.Config{
		URL:         u,
		SessionName: name,
		Timeout:     cfg.RequestTimeout,
		Observe:     observe,
		HTTPClient: &http.Client{Transport: propagating{&http.Transport{
			MaxIdleConnsPerHost: 16,
			IdleConnTimeout:     90 * time.Second,
		}}},
	})
	if err != nil {
		return nil, fmt.Errorf("RS4OTRS_OTRS_WEB_URL: %w", err)
	}
	log.Info().Str("url", safeURL(u)).Str("session_name", name).Msg("otrs: agent-interface channel")
	return c, nil
}
