package push

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// GITickets is the part of the GenericInterface client the reader uses
// (*gi.Client).
type GITickets interface {
	SessionCreate(ctx context.Context, login, password string) (string, error)
	TicketGet(ctx context.Context, sessionID string, ids []int, opt gi.GetOptions) ([]gi.Ticket, error)
}

// GIReader reads tickets through GenericInterface with a service account
// (an agent with ro on the queues whose tickets should notify). It keeps
// one session and logs in again once when OTRS drops it; a failed login
// is never retried, since each counts toward the account's lockout.
type GIReader struct {
	gi              GITickets
	login, password string

	mu        sync.Mutex
	sessionID string
	// failedAt is the last refused login: no new attempt for
	// loginPause, so a wrong password does not lock the account out.
	failedAt time.Time
}

const loginPause = time.Minute

// NewGIReader returns a reader that logs in as login.
func NewGIReader(c GITickets, login, password string) *GIReader {
	return &GIReader{gi: c, login: login, password: password}
}

func (r *GIReader) session(ctx context.Context, stale string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sessionID != "" && r.sessionID != stale {
		return r.sessionID, nil
	}
	if !r.failedAt.IsZero() && time.Since(r.failedAt) < loginPause {
		return "", fmt.Errorf("push service account %s: login refused less than %v ago", r.login, loginPause)
	}
	id, err := r.gi.SessionCreate(ctx, r.login, r.password)
	if err != nil {
		r.failedAt = time.Now()
		return "", fmt.Errorf("push service account %s: %w", r.login, err)
	}
	r.failedAt = time.Time{}
	r.sessionID = id
	return id, nil
}

// ReadTicket implements TicketReader.
func (r *GIReader) ReadTicket(ctx context.Context, ticketID, articleID int) (*Ticket, error) {
	sid, err := r.session(ctx, "")
	if err != nil {
		return nil, err
	}
	// The event's article is one of the newest; a few suffice.
	opt := gi.GetOptions{}
	if articleID > 0 {
		opt = gi.GetOptions{AllArticles: true, ArticleOrder: "DESC", ArticleLimit: 5}
	}
	ts, err := r.gi.TicketGet(ctx, sid, []int{ticketID}, opt)
	if errors.Is(err, gi.ErrInvalidSession) {
		if sid, err = r.session(ctx, sid); err != nil {
			return nil, err
		}
		ts, err = r.gi.TicketGet(ctx, sid, []int{ticketID}, opt)
	}
	if err != nil {
		return nil, fmt.Errorf("ticket %d: %w", ticketID, err)
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("ticket %d: not returned", ticketID)
	}
	t := ts[0]
	out := &Ticket{
		ID: int(t.TicketID), Number: string(t.TicketNumber), Title: string(t.Title),
		QueueID: int(t.QueueID), Queue: string(t.Queue), State: string(t.State), Priority: string(t.Priority),
		OwnerID: int(t.OwnerID), Owner: string(t.Owner), ResponsibleID: int(t.ResponsibleID), Responsible: string(t.Responsible),
		CreateBy: int(t.CreateBy), ChangeBy: int(t.ChangeBy),
	}
	for _, a := range t.Article {
		if int(a.ArticleID) == articleID {
			out.Article = &Article{ID: articleID, CreateBy: int(a.CreateBy), SenderType: string(a.SenderType),
				From: string(a.From), Subject: string(a.Subject), Body: string(a.Body)}
		}
	}
	return out, nil
}
