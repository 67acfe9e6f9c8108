package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
)

// PushDirectory answers push's recipient questions (push.Directory) and
// reads tickets for bare events (push.TicketReader) from the store, for
// demo mode and tests.
type PushDirectory struct{ S *Store }

// Watchers implements push.Directory.
func (d PushDirectory) Watchers(ctx context.Context, ticketID int) ([]int, error) {
	var out []int
	d.S.Read(func(s *Store) {
		// A ticket gone by now has no watchers.
		if t := s.TicketByID(ticketID); t != nil {
			out = slices.Clone(t.Watchers)
		}
	})
	return out, nil
}

// QueueSubscribers implements push.Directory as the catalog does.
func (d PushDirectory) QueueSubscribers(ctx context.Context, queueID int) ([]int, error) {
	return NewCatalog(d.S).QueueSubscribers(ctx, queueID)
}

// CanRead implements push.Directory: a valid agent with ro or rw on the
// queue's group, directly or through a valid role.
func (d PushDirectory) CanRead(ctx context.Context, agentID, queueID int) (bool, error) {
	ok := false
	d.S.Read(func(s *Store) {
		a := s.AgentByID(agentID)
		var group int
		if q := s.QueueByID(queueID); q != nil {
			group = q.GroupID
		}
		if a == nil || a.ValidID != 1 || group == 0 {
			return
		}
		keys := slices.Clone(a.Perms[group])
		for _, r := range s.Roles {
			if r.ValidID == 1 && slices.Contains(a.RoleIDs, r.ID) {
				keys = append(keys, r.Perms[group]...)
			}
		}
		ok = slices.Contains(keys, "ro") || slices.Contains(keys, "rw")
	})
	return ok, nil
}

// ReadTicket implements push.TicketReader.
func (d PushDirectory) ReadTicket(ctx context.Context, ticketID, articleID int) (*push.Ticket, error) {
	var out *push.Ticket
	d.S.Read(func(s *Store) {
		t := s.TicketByID(ticketID)
		if t == nil {
			return
		}
		out = &push.Ticket{ID: t.ID, Number: t.TN, Title: t.Title, QueueID: t.QueueID,
			Priority: ItemName(s.Priorities, t.PriorityID), OwnerID: t.OwnerID, Owner: s.AgentLogin(t.OwnerID),
			ResponsibleID: t.ResponsibleID, Responsible: s.AgentLogin(t.ResponsibleID), CreateBy: t.CreateBy, ChangeBy: t.ChangeBy}
		for _, q := range s.Queues {
			if q.ID == t.QueueID {
				out.Queue = q.Name
			}
		}
		for _, st := range s.States {
			if st.ID == t.StateID {
				out.State = st.Name
			}
		}
		for _, a := range t.Articles {
			if a.ID == articleID {
				sender := map[int]string{1: "agent", 2: "system", 3: "customer"}[a.SenderTypeID]
				out.Article = &push.Article{ID: a.ID, CreateBy: a.CreateBy, SenderType: sender,
					From: a.From, Subject: a.Subject, Body: a.Body}
			}
		}
	})
	if out == nil {
		return nil, fmt.Errorf("ticket %d: not found", ticketID)
	}
	return out, nil
}
