package translate

import "context"

// The methods below are routed but not built yet: they answer
// MsgContactAdmin. Each issue that builds a method moves it out of here.

func (a *API) LostPassword(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) CreateCustomerUser(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) MarkArticleAsSeen(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) MarkTicketAsSeen(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) UpdateArchiveFlag(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
func (a *API) WatchTicket(ctx context.Context, r *Request) (any, error) {
	return nil, ErrNotImplemented
}
