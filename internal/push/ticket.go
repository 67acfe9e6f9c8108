package push

import (
	"context"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// Ticket is what the proxy needs of a ticket to choose recipients and
// word a message for a bare event.
type Ticket struct {
	ID            int
	Number        string
	Title         string
	QueueID       int
	Queue         string
	State         string
	Priority      string
	OwnerID       int
	Owner         string
	ResponsibleID int
	Responsible   string
	CreateBy      int
	ChangeBy      int
	// Article is the event's article (ArticleCreate), nil otherwise.
	Article *Article
}

// Article is the part of an article a message shows.
type Article struct {
	ID         int
	CreateBy   int
	SenderType string // agent, system, customer
	From       string
	Subject    string
	Body       string
}

// TicketReader reads a ticket (and, when articleID > 0, that article) on
// behalf of the proxy, not of an agent: the GI implementation logs in
// with a configured read-only service account.
type TicketReader interface {
	ReadTicket(ctx context.Context, ticketID, articleID int) (*Ticket, error)
}

// Directory answers the recipient questions a bare event raises. The
// catalog (otrs/db, or the fake's store) implements it.
type Directory interface {
	// Watchers returns the ids of the agents watching the ticket.
	Watchers(ctx context.Context, ticketID int) ([]int, error)
	// QueueSubscribers returns the ids of the agents that have the queue
	// among their personal queues ("My Queues").
	QueueSubscribers(ctx context.Context, queueID int) ([]int, error)
	// CanRead reports whether the agent is valid and holds ro (or rw) on
	// the queue's group, directly or through a role.
	CanRead(ctx context.Context, agentID, queueID int) (bool, error)
}

// ticketJSON is a ticket as Ticket::Generic sends it (TicketDeepGet) or
// GI TicketGet returns it; only the fields a message needs are decoded,
// the rest (agent and customer records) is never kept.
type ticketJSON struct {
	TicketID      gi.Int
	TicketNumber  gi.Text
	Title         gi.Text
	QueueID       gi.Int
	Queue         gi.Text
	State         gi.Text
	Priority      gi.Text
	OwnerID       gi.Int
	Owner         gi.Text
	ResponsibleID gi.Int
	Responsible   gi.Text
	CreateBy      gi.Int
	ChangeBy      gi.Int
	Article       *articleJSON
}

type articleJSON struct {
	ArticleID  gi.Int
	CreateBy   gi.Int
	SenderType gi.Text
	From       gi.Text
	Subject    gi.Text
	Body       gi.Text
}

func (t *ticketJSON) ticket() *Ticket {
	out := &Ticket{
		ID: int(t.TicketID), Number: string(t.TicketNumber), Title: string(t.Title),
		QueueID: int(t.QueueID), Queue: string(t.Queue), State: string(t.State), Priority: string(t.Priority),
		OwnerID: int(t.OwnerID), Owner: string(t.Owner), ResponsibleID: int(t.ResponsibleID), Responsible: string(t.Responsible),
		CreateBy: int(t.CreateBy), ChangeBy: int(t.ChangeBy),
	}
	if a := t.Article; a != nil && a.ArticleID > 0 {
		out.Article = &Article{ID: int(a.ArticleID), CreateBy: int(a.CreateBy), SenderType: string(a.SenderType),
			From: string(a.From), Subject: string(a.Subject), Body: string(a.Body)}
	}
	return out
}
