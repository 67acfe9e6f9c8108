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
	if err := a.Push.SetToken(ctx, r.Agent.ID, token); err != nil {
		return nil, fmt.Errorf("setPushNotificationToken agent %d: %w", r.Agent.ID, err)
	}
	return struct{}{}, nil
}
