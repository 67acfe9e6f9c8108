package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// Logout ends the OTRS session (Action=Logout with the ChallengeToken):
// Znuny's GI SessionRemove wants the agent's password, the agent
// interface does not. OTRS answers its login page with a SuccessBox.
func (c *Client) Logout(ctx context.Context, sessionID string) error {
	const action = "Logout"
	err := c.withToken(ctx, sessionID, func(tok string) error {
		a, err := c.call(ctx, http.MethodGet, sessionID, url.Values{"Action": {action}, "ChallengeToken": {tok}})
		if err != nil {
			return err
		}
		if a.status == http.StatusOK && a.html() {
			p, err := a.page()
			if err != nil {
				return fmt.Errorf("otrs web: %s: %w", action, err)
			}
			if p.Kind == PageLogin && p.Success {
				return nil
			}
		}
		return unexpected(action, a)
	})
	c.tokens.Delete(key(sessionID))
	return err
}

// Touch refreshes the session's idle timer (UserLastRequest), which GI
// calls leave alone: InterfaceAgent.pm updates it for every non-AJAX
// request that passes the session check, before the module runs. The
// request is AgentUserSearch with a Subaction it ignores, which answers
// an empty text/plain body (otrs-recordings/web/60).
func (c *Client) Touch(ctx context.Context, sessionID string) error {
	const action = "AgentUserSearch"
	a, err := c.call(ctx, http.MethodGet, sessionID, url.Values{"Action": {action}, "Subaction": {"Search"}})
	if err != nil {
		return err
	}
	if a.status == http.StatusOK && !a.html() {
		return nil
	}
	return unexpected(action, a)
}
