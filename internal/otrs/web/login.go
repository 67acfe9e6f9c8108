package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// Login creates an agent session the way a browser does (POST index.pl
// Action=Login), and returns its SessionID. Such a session has
// SessionSource=AgentInterface, which every agent-interface screen
// supports (Znuny's AdminCustomerUser crashes with a GenericInterface
// session, real2/znuny65/21, 27) and which GI accepts as SessionID
// (real2/*/30, 31). It counts toward AgentSessionLimit and
// AgentSessionPerUserLimit, as a browser login does.
//
// Like GI SessionCreate it is sent once and never retried: a failed
// login counts toward the agent's lockout. Answers (Znuny 6.5.4
// Kernel/System/Web/InterfaceAgent.pm, Login branch):
//   - 302 with Set-Cookie <SessionName>=<id>: success (real2/*/22);
//   - the login page with LoginFailed set: Auth refused the credentials
//     (wrong password, unknown or invalid agent, missing 2FA token;
//     web/03): ErrLoginFailed;
//   - the login page without it: no user data record, or
//     CreateSessionID refused (session limits): a *PageError;
//   - anything else (a LoginURL redirect, an error page): a *PageError.
func (c *Client) Login(ctx context.Context, login, password string) (string, error) {
	const action = "Login"
	v := url.Values{
		"Action": {action}, "RequestedURL": {""}, "Lang": {c.lang}, "TimeZoneOffset": {"0"},
		"User": {login}, "Password": {password},
	}
	a, err := c.call(ctx, http.MethodPost, "", v)
	if err != nil {
		return "", err
	}
	if a.status == http.StatusFound || a.status == http.StatusSeeOther {
		for _, ck := range a.cookies {
			if ck.Name == c.name && ck.Value != "" {
				return ck.Value, nil
			}
		}
		return "", &PageError{Action: action, Status: a.status, Message: "redirect without a session cookie"}
	}
	if a.status == http.StatusOK && a.html() {
		p, err := a.page()
		if err != nil {
			return "", fmt.Errorf("otrs web: %s: %w", action, err)
		}
		if p.Kind == PageLogin && p.LoginFailed {
			return "", ErrLoginFailed
		}
		return "", &PageError{Action: action, Status: a.status, Kind: p.Kind, Title: p.Title, Message: p.Message}
	}
	return "", &PageError{Action: action, Status: a.status}
}
