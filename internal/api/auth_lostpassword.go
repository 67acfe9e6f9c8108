package api

import (
	"context"
	"fmt"
)

const (
	msgInstructionsSent = "Sent password reset instructions. Please check your email."
	msgFeatureOff       = "Feature not active."
	msgInvalidToken     = "Invalid token."
)

// LostPasswordAnswer is the answer of /auth/lostPassword.
type LostPasswordAnswer struct {
	Message string
}

// LostPassword runs OTRS's own LostPassword (agent interface, no
// session): without Token OTRS mails reset instructions, and answers alike
// for unknown logins; with Token OTRS sets and mails a new password. OTRS
// finds the user by the token (OTRS 6.0 refuses User and Token together),
// so User only names the login in the answer.
func (a *API) LostPassword(ctx context.Context, r *Request) (any, error) {
	if m := r.Params.Missing("User"); len(m) > 0 {
		return nil, Required(m)
	}
	if a.Web == nil {
		return nil, fmt.Errorf("lostPassword: %w", ErrNoAgentUI)
	}
	login, token := r.Params.String("User"), r.Params.String("Token")
	if token == "" {
		if err := a.Web.LostPassword(ctx, login); err != nil {
			return nil, ChannelError(nil, "", fmt.Errorf("lostPassword: %w", err))
		}
		return LostPasswordAnswer{Message: msgInstructionsSent}, nil
	}
	if err := a.Web.ResetPassword(ctx, token); err != nil {
		return nil, ChannelError(nil, "", fmt.Errorf("lostPassword: %w", err))
	}
	return LostPasswordAnswer{Message: fmt.Sprintf("Sent new password to '%s'. Please check your email.", login)}, nil
}
