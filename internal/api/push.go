package api

import "context"

// Pusher stores device tokens and reports whether an agent needs to send
// a fresh one (push.Service). A nil API.Push means push is not
// configured: setPushNotificationToken then answers
// MsgMobileNotInstalled, as the original does without RS4OTRS_Mobile.
type Pusher interface {
	// SetToken registers token for the agent; a token registered before
	// by another agent moves to this one.
	SetToken(ctx context.Context, agentID int, token string) error
	// NeedTokenUpdate reports whether the agent has no live token (none
	// registered, or FCM rejected it). It never fails: a store outage
	// answers false and is logged by the Pusher.
	NeedTokenUpdate(ctx context.Context, agentID int) bool
}

// needTokenUpdate is getTicketList's NeedTokenUpdate (list and Count
// mode): 1 when the app should register its push token again, else 0.
// Without push configured it is 0, since registering cannot help.
func (a *API) needTokenUpdate(ctx context.Context, r *Request) int {
	if a.Push == nil || r.Agent == nil {
		return 0
	}
	if a.Push.NeedTokenUpdate(ctx, r.Agent.ID) {
		return 1
	}
	return 0
}
