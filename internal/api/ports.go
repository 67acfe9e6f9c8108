package api

import (
	"context"
	"io"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// The ports: every channel the methods use, as the interface they need.
// app wires the real ones (internal/otrs/gi, internal/otrs/web,
// internal/session, internal/perms, internal/push); tests wire the fake
// OTRS (internal/fakeotrs). The catalog port, otrs.Catalog, sits beside
// the catalog rows in internal/otrs.

// TicketService is the GenericInterface: sessions and every ticket read
// and write, always with the agent's own SessionID. It has no
// SessionRemove: OTRS 6.0 offers no such operation (real2/otrs60/13, 14)
// and Znuny's wants the password, so logout goes through the agent
// interface (Web).
type TicketService interface {
	SessionCreate(ctx context.Context, login, password string) (string, error)
	TicketCreate(ctx context.Context, sessionID string, in gi.TicketRequest) (gi.Created, error)
	TicketUpdate(ctx context.Context, sessionID string, ticketID int, in gi.TicketRequest) (gi.Created, error)
	TicketGet(ctx context.Context, sessionID string, ids []int, opt gi.GetOptions) ([]gi.Ticket, error)
	TicketSearch(ctx context.Context, sessionID string, q gi.Search) ([]int, error)
	TicketHistoryGet(ctx context.Context, sessionID string, ids []int) ([]gi.History, error)
	// AttachmentContent streams one attachment's decoded content.
	AttachmentContent(ctx context.Context, sessionID string, ticketID int, ref gi.AttachmentRef) (io.ReadCloser, error)
}

// Sessions validates tokens and derives challenge tokens (session.Manager).
type Sessions interface {
	Validate(ctx context.Context, token string) (*session.User, error)
	// Remember caches the agent of a session just made (login).
	Remember(token string, u *session.User)
	Forget(token string)
	ChallengeToken(token string) string
	CheckChallenge(token, challenge string) bool
}

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
	// LostPassword mails reset instructions to the agent login.
	LostPassword(ctx context.Context, login string) error
	// ResetPassword completes a reset with the mailed token.
	ResetPassword(ctx context.Context, token string) error
	// CreateCustomerUser adds a customer user through OTRS.
	CreateCustomerUser(ctx context.Context, sessionID string, u web.CustomerUser) error
}

// Permissions answers which permission keys an agent holds (perms.Permissions).
type Permissions interface {
	Agent(ctx context.Context, agentID int) (perms.GroupKeys, error)
	Can(ctx context.Context, agentID, groupID int, key string) (bool, error)
	CanQueue(ctx context.Context, agentID, queueID int, key string) (bool, error)
}

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
