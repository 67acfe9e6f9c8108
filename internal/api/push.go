package api

import "context"

// NeedTokenUpdate is getTicketList's NeedTokenUpdate (list and Count
// mode): 1 when the app should register its push token again, else 0.
// Without push configured it is 0, since registering cannot help.
func (a *API) NeedTokenUpdate(ctx context.Context, r *Request) int {
	if a.Push == nil || r.Agent == nil {
		return 0
	}
	if a.Push.NeedTokenUpdate(ctx, r.Agent.ID) {
		return 1
	}
	return 0
}
