package api

import (
	"context"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// agentFromCatalog returns the agent a successful agent-interface login
// made a session for, from the catalog's agents (cached), or nil when the
// catalog cannot tell: then the login asks OTRS (GI SessionGet), one more
// round trip. index.pl's Login makes only agent sessions, for the login
// Auth accepted (Znuny 6.5.4 Kernel/System/Web/InterfaceAgent.pm, Login
// branch: UserGetUserData(User => $User) after Auth), so a valid agent
// with exactly that login is the session's agent. The fields are those
// SessionGet gives (session.User): the agent's row and its preferences;
// the full name as getUserList builds it.
func (a *API) agentFromCatalog(ctx context.Context, login string) *session.User {
	if a.Catalog == nil {
		return nil
	}
	agents, err := a.Catalog.Agents(ctx)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("login: catalog agents unavailable; asking OTRS for the session's agent")
		return nil
	}
	for _, ag := range agents {
		if ag.Login != login {
			continue
		}
		if ag.ValidID != 1 {
			return nil
		}
		return &session.User{
			ID:        ag.ID,
			Login:     ag.Login,
			Email:     ag.Prefs["UserEmail"],
			FirstName: ag.FirstName,
			LastName:  ag.LastName,
			FullName:  fullName(ag.FirstName, ag.LastName),
			Language:  ag.Prefs["UserLanguage"],
			TimeZone:  ag.Prefs["UserTimeZone"],
		}
	}
	return nil
}
