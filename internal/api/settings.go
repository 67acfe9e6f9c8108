package api

import (
	"context"
	"fmt"
	"strings"
)

// Messages of /settings/setPushNotificationToken (contract wording).
const (
	MsgMobileNotInstalled = "RS4OTRS_Mobile package must be installed!"
	MsgTokenEmpty         = "Token cannot be empty"
)

// SetPushNotificationToken registers the app's FCM token for the agent.
// The answer has no fields besides Response.
func (a *API) SetPushNotificationToken(ctx context.Context, r *Request) (any, error) {
	if a.Push == nil {
		return nil, Fail(MsgMobileNotInstalled, nil)
	}
	token := strings.TrimSpace(r.Params.String("Token"))
	if token == "" {
		return nil, Fail(MsgTokenEmpty, nil)
	}
	if !pushTokenForm(token) {
		return nil, Bad("Token", fmt.Sprintf("an FCM registration token: printable ASCII, at most %d bytes", maxPushToken))
	}
	if err := a.Push.SetToken(ctx, r.Agent.ID, token); err != nil {
		return nil, fmt.Errorf("setPushNotificationToken agent %d: %w", r.Agent.ID, err)
	}
	return struct{}{}, nil
}

// maxPushToken bounds a device token. FCM registration tokens are about
// 160 characters today; 4 KB leaves room for their growth while keeping
// a client from storing 32 KB keys in the token store.
const maxPushToken = 4096

// pushTokenForm reports whether token can be an FCM registration token:
// short enough, and printable ASCII without spaces (FCM's are base64url
// with ':' and '-').
func pushTokenForm(token string) bool {
	if len(token) > maxPushToken {
		return false
	}
	for i := 0; i < len(token); i++ {
		if c := token[i]; c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}
