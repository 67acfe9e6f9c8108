package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// OTRS's (English) login box messages of LostPassword; the client asks for
// English pages (Config.Language), and no session language applies.
const (
	msgFeatureOff  = "Feature not active!"
	msgNewPassword = "Sent new password to "
)

// LostPassword asks OTRS to mail reset instructions to the agent login
// (Action=LostPassword, no session). OTRS answers the same SuccessBox for
// unknown logins; ErrFeatureOff when the LostPassword setting is off; a
// *PageError (Fatal Error) when the mail could not be queued.
func (c *Client) LostPassword(ctx context.Context, login string) error {
	p, err := c.lostPassword(ctx, url.Values{"Action": {"LostPassword"}, "User": {login}})
	if err != nil {
		return err
	}
	if p.Success {
		return nil
	}
	if p.Message == msgFeatureOff {
		return ErrFeatureOff
	}
	return &PageError{Action: "LostPassword", Status: http.StatusOK, Kind: p.Kind, Title: p.Title, Message: p.Message}
}

// ResetPassword completes a reset with the token from the instructions
// mail: OTRS sets a random password and mails it. Only the token is sent:
// OTRS 6.0 CE refuses User and Token together (a Fatal Error against
// account enumeration), and both versions find the user by the token. An
// unknown token makes OTRS pretend it sent instructions, a known user with
// a wrong one gives "Invalid Token!": both are ErrInvalidToken.
func (c *Client) ResetPassword(ctx context.Context, token string) error {
	p, err := c.lostPassword(ctx, url.Values{"Action": {"LostPassword"}, "Token": {token}})
	if err != nil {
		return err
	}
	switch {
	case p.Success && strings.HasPrefix(p.Message, msgNewPassword):
		return nil
	case p.Message == msgFeatureOff:
		return ErrFeatureOff
	}
	return ErrInvalidToken
}

// lostPassword posts the form (a POST keeps the token out of access logs)
// and returns the login page OTRS answers with.
func (c *Client) lostPassword(ctx context.Context, v url.Values) (*Page, error) {
	const action = "LostPassword"
	a, err := c.call(ctx, http.MethodPost, "", v)
	if err != nil {
		return nil, err
	}
	if a.status != http.StatusOK || !a.html() {
		return nil, unexpected(action, a)
	}
	p, err := a.page()
	if err != nil {
		return nil, fmt.Errorf("otrs web: %s: %w", action, err)
	}
	if p.Kind != PageLogin {
		return nil, &PageError{Action: action, Status: a.status, Kind: p.Kind, Title: p.Title, Message: p.Message}
	}
	return p, nil
}
