package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/connlimit"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
)

// openAgentUI returns the agent-interface client: RS4OTRS_OTRS_WEB_URL,
// else the index.pl next to RS4OTRS_OTRS_URL, else OTRS's ScriptAlias on
// that host, else (demo) the fake's, demoURL. It returns nil, with a
// warning, when no URL can be found. It speaks to OTRS under sys's
// session name, each call holding one of conns's slots.
func openAgentUI(cfg *config.Config, sys system, demoURL string, observe func(context.Context, string, int, time.Duration, error), conns *connlimit.Limiter, log zerolog.Logger) (*web.Client, error) {
	u := cfg.OTRSWebURL
	switch {
	case u != "":
	case demoURL != "":
		u = demoURL
	default:
		d, err := web.DeriveURL(cfg.OTRSURL)
		if err != nil && sys.settings.ScriptAlias != "" {
			d, err = scriptAliasURL(cfg.OTRSURL, sys.settings.ScriptAlias)
		}
		if err != nil {
			log.Warn().Err(err).Msg("agent interface: set RS4OTRS_OTRS_WEB_URL; watching, seen flags, lost password, customer users, logout and session keep-alive are off")
			return nil, nil
		}
		u = d
	}
	if demoURL == "" {
		sys.checkWebPath(u, log)
	}
	c, err := web.New(web.Config{
		URL:         u,
		SessionName: sys.sessionName,
		Timeout:     cfg.RequestTimeout,
		Observe:     observe,
		HTTPClient: &http.Client{Transport: propagating{conns.Transport(&http.Transport{
			MaxIdleConnsPerHost: 16,
			IdleConnTimeout:     90 * time.Second,
		})}},
	})
	if err != nil {
		return nil, fmt.Errorf("RS4OTRS_OTRS_WEB_URL: %w", err)
	}
	log.Info().Str("url", safeURL(u)).Str("session_name", sys.sessionName).Msg("otrs: agent-interface channel")
	return c, nil
}

// scriptAliasURL is index.pl under OTRS's ScriptAlias on the host of the
// GenericInterface URL, for a GI URL a reverse proxy has renamed.
func scriptAliasURL(giURL, scriptAlias string) (string, error) {
	u, err := url.Parse(giURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("agent interface URL from ScriptAlias %q: %q is no URL", scriptAlias, giURL)
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/" + strings.Trim(scriptAlias, "/") + "/index.pl"}).String(), nil
}
