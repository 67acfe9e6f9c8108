package app

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// system is what the proxy learnt about the OTRS it serves at start.
type system struct {
	settings otrs.Settings
	// read is false when no catalog could tell (settings are then
	// OTRS's shipped defaults).
	read   bool
	layout string
	// sessionName is the one in force: RS4OTRS_SESSION_NAME, else OTRS's.
	sessionName string
}

// learnSystem reads OTRS's deployed settings once, so that the admin need
// not repeat them: the session name the agent-interface client and the
// token parameter use (SysConfig SessionName: OTOBOAgentInterface on
// OTOBO). An explicit RS4OTRS_SESSION_NAME still wins, with a warning when
// OTRS has another; a change in OTRS needs a restart. Without a catalog,
// or when it fails, OTRS's shipped defaults stand in.
func learnSystem(ctx context.Context, cfg *config.Config, cat otrs.Catalog, layout string, log zerolog.Logger) system {
	sys := system{settings: otrs.DefaultSettings(), layout: layout}
	if cat != nil {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		s, err := cat.Settings(ctx)
		if err != nil {
			log.Warn().Err(err).Msg("otrs: SysConfig settings unreadable: OTRS's shipped defaults stand in")
		} else {
			sys.settings, sys.read = s, true
		}
	}
	sys.sessionName = sys.settings.SessionName
	if cfg.SessionName != "" {
		if sys.read && cfg.SessionName != sys.settings.SessionName {
			log.Warn().Str("RS4OTRS_SESSION_NAME", cfg.SessionName).Str("otrs_session_name", sys.settings.SessionName).
				Msg("otrs: RS4OTRS_SESSION_NAME differs from OTRS's SysConfig SessionName; the setting wins (unset it to follow OTRS, unless Kernel/Config.pm overrides SessionName)")
		}
		sys.sessionName = cfg.SessionName
	}
	return sys
}

// checkWebPath compares the agent interface's URL with OTRS's ScriptAlias
// and says so once when they differ: ScriptAlias builds OTRS's own links,
// and Kernel/Config.pm may override it (real2/znuny70/sysconfig.txt: the
// database says znuny/, the server answers under otrs/), so the URL in use
// stays the configured or derived one.
func (s system) checkWebPath(webURL string, log zerolog.Logger) {
	u, err := url.Parse(webURL)
	if err != nil || !s.read || s.settings.ScriptAlias == "" {
		return
	}
	dir := strings.TrimSuffix(u.Path, "index.pl")
	if strings.Trim(dir, "/") != strings.Trim(s.settings.ScriptAlias, "/") {
		log.Info().Str("agent_interface_path", u.Path).Str("otrs_script_alias", s.settings.ScriptAlias).
			Msg("otrs: the agent interface is not under OTRS's SysConfig ScriptAlias (a Kernel/Config.pm override or a reverse proxy?); the configured URL is used")
	}
}

// readyFacts are what /readyz shows of the OTRS behind the proxy.
func (s system) readyFacts() map[string]string {
	f := map[string]string{"product": s.settings.Product.Name, "version": s.settings.Product.Version,
		"layout": s.layout, "session_name": s.sessionName}
	for k, v := range f {
		if v == "" {
			f[k] = "unknown"
		}
	}
	return f
}
