package api

import (
	"context"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
)

// AgentUI is OTRS's agent interface (otrs/web), used with the agent's own
// session for what GI lacks: ending a session (Znuny's SessionRemove wants
// the password), refreshing its idle timer, and the writes that must run
// OTRS's own code (seen flags, watching, lost password, customer users).
//
// Errors: web.ErrLoginFailed, web.ErrSessionInvalid, web.ErrNoPermission, web.ErrFeatureOff,
// web.ErrInvalidToken, *web.FormError, anything else is unexpected.
type AgentUI interface {
	// Login creates an agent session (SessionSource AgentInterface);
	// refused credentials give web.ErrLoginFailed.
	Login(ctx context.Context, login, password string) (string, error)
	// Logout ends the OTRS session.
	Logout(ctx context.Context, sessionID string) error
	// Touch refreshes the session's idle timer (session.Toucher).
	Touch(ctx context.Context, sessionID string) error
	// Watch subscribes the agent to the ticket, or unsubscribes.
	Watch(ctx context.Context, sessionID string, ticketID int, subscribe bool) error
	// MarkSeen marks one article seen, or with articleID 0 the ticket.
	MarkSeen(ctx context.Context, sessionID string, ticketID, articleID int) error
	// MarkUnseen removes the Seen flags (Znuny 7 only).
	MarkUnseen(ctx context.Context, sessionID string, ticketID, articleID int) error
	// LostPassword mails reset instructions to the agent login.
	LostPassword(ctx context.Context, login string) error
	// ResetPassword completes a reset with the mailed token.
	ResetPassword(ctx context.Context, token string) error
	// CreateCustomerUser adds a customer user through OTRS.
	CreateCustomerUser(ctx context.Context, sessionID string, u web.CustomerUser) error
}
