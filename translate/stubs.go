package translate

import "context"

// The methods below are routed but not built yet: they answer
// MsgContactAdmin. Each issue that builds a method moves it out of here.

func (a *API) CreateArticle(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) CreateAttachment(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) CreateTicket(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdateCustomer(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdateLock(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdateOwner(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdatePendingTime(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdatePriority(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdateQueue(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdateResponsible(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdateService(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdateSLA(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdateState(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdateTicket(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdateTitle(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdateType(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
