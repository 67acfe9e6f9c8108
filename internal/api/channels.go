package api

import (
	"context"
	"io"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

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
	Forget(token string)
	ChallengeToken(token string) string
	CheckChallenge(token, challenge string) bool
}
