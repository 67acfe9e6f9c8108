package writes

import (
	"context"
	"fmt"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// Ticket writes. Every write goes to GenericInterface with the agent's own
// session, so OTRS writes its history, runs its events and sends its
// notifications. GI's own permission check is not enough (TicketUpdate
// checks only ro for most fields: otrs-recordings/gi/065), so each write
// first checks the contract's permission keys on the ticket's queue
// itself; without a permission source such a write answers No permission.

// target is the ticket a write addresses, as OTRS has it now.
type target struct {
	ID        int
	QueueID   int
	OwnerID   int
	Locked    bool
	StateID   int
	StateType string
	ServiceID int
	Articles  []gi.Article
	// PendingLeft is OTRS's UntilTime (seconds until the pending time,
	// negative once passed), PendingAt its RealTillTimeNotUsed (epoch; 0
	// for none).
	PendingLeft int
	PendingAt   int64
	// pendingSet records that updateTicket's state step already sent the
	// caller's pending time.
	pendingSet bool
}

// ownerOK is the contract's owner rule (README, "Owner rules"): the agent owns the ticket, or
// nobody has it locked.
func (t *target) ownerOK(agentID int) bool { return t.OwnerID == agentID || !t.Locked }

// lockedBy reports whether agentID holds the ticket's lock.
func (t *target) lockedBy(agentID int) bool { return t.Locked && t.OwnerID == agentID }

// ticketIDParam reads TicketID; a missing, non-numeric or non-positive one
// addresses no ticket.
func ticketIDParam(p api.Params) (int, error) {
	id, ok, err := p.Int("TicketID")
	if err != nil || !ok || id <= 0 {
		return 0, api.Fail(api.MsgNoTicket, err)
	}
	return id, nil
}

// loadTarget reads the ticket with the agent's session. GI answers an
// unknown and an unreadable ticket alike; the ticket facts tell them apart.
func (a *Methods) loadTarget(ctx context.Context, r *api.Request, ticketID int, opt gi.GetOptions) (*target, error) {
	t, err := a.ReadTicket(ctx, r.Token, ticketID, opt)
	if err != nil {
		return nil, err
	}
	return &target{
		ID:          int(t.TicketID),
		QueueID:     int(t.QueueID),
		OwnerID:     int(t.OwnerID),
		Locked:      t.Lock != "" && t.Lock != "unlock",
		StateID:     int(t.StateID),
		StateType:   string(t.StateType),
		ServiceID:   int(t.ServiceID),
		Articles:    t.Article,
		PendingLeft: int(t.UntilTime),
		PendingAt:   int64(t.RealTillTimeNotUsed),
	}, nil
}

// allowed reports whether the agent holds any of keys (rw implies all) on
// the group of queueID. With no permission source nothing is allowed.
func (a *Methods) allowed(ctx context.Context, agentID, queueID int, keys ...string) (bool, error) {
	if a.Perms == nil {
		return false, nil
	}
	for _, k := range keys {
		ok, err := a.Perms.CanQueue(ctx, agentID, queueID, k)
		if err != nil {
			return false, fmt.Errorf("permission %s on queue %d: %w", k, queueID, err)
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

// need answers No permission unless the agent holds one of keys on queueID.
func (a *Methods) need(ctx context.Context, r *api.Request, queueID int, keys ...string) error {
	ok, err := a.allowed(ctx, r.Agent.ID, queueID, keys...)
	if err != nil {
		return err
	}
	if !ok {
		return api.Fail(api.MsgNoPermission, nil)
	}
	return nil
}

// updateFields sends one TicketUpdate that changes ticket fields only.
func (a *Methods) updateFields(ctx context.Context, r *api.Request, ticketID int, in gi.TicketInput) error {
	_, err := a.updateWritten(ctx, r, ticketID, in)
	return err
}

// updateWritten is updateFields that also returns the ticket after the
// update when OTRS's answer carries it (IncludeTicketData, the proxy's
// web service), else nil.
func (a *Methods) updateWritten(ctx context.Context, r *api.Request, ticketID int, in gi.TicketInput) (*gi.WrittenTicket, error) {
	out, err := a.GI.TicketUpdate(ctx, r.Token, ticketID, gi.TicketRequest{Ticket: &in})
	if err != nil {
		return nil, fmt.Errorf("TicketUpdate %d: %w", ticketID, err)
	}
	return out.Ticket, nil
}

// unlockClosed finishes the close of a locked ticket. TicketUpdate
// unlocks on a closed state itself but ignores TicketLockSet's result
// (TicketUpdate.pm:1736-1745 of Znuny 6.5.4): when its answer carries
// the ticket (written), the ticket's Lock tells whether that unlock
// happened, and only a ticket still locked gets the proxy's own unlock;
// without it (the stock web services) the unlock is always sent. Either
// way a failed unlock is the contract's msgNotUnlocked.
func (a *Methods) unlockClosed(ctx context.Context, r *api.Request, ticketID int, written *gi.WrittenTicket) error {
	if written != nil && written.Lock == "unlock" {
		return nil
	}
	if err := a.updateFields(ctx, r, ticketID, gi.TicketInput{Lock: "unlock"}); err != nil {
		return api.Fail(msgNotUnlocked, err)
	}
	return nil
}

// paramTarget reads TicketID and the ticket it names.
func (a *Methods) paramTarget(ctx context.Context, r *api.Request) (*target, error) {
	ticketID, err := ticketIDParam(r.Params)
	if err != nil {
		return nil, err
	}
	return a.loadTarget(ctx, r, ticketID, gi.GetOptions{})
}

// writeTicket is the common start of the single-field updates: it reads
// TicketID and the ticket, and checks that the agent holds one of keys on
// its queue.
func (a *Methods) writeTicket(ctx context.Context, r *api.Request, keys ...string) (*target, error) {
	t, err := a.paramTarget(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := a.need(ctx, r, t.QueueID, keys...); err != nil {
		return nil, err
	}
	return t, nil
}

// required answers the contract's message naming what is missing, in
// the contract's order; a group of alternatives is named "A or B", as
// getAttachment does.
func required(p api.Params, groups ...[]string) error {
	var missing []string
	for _, g := range groups {
		found := false
		for _, name := range g {
			if p.Has(name) {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, strings.Join(g, " or "))
		}
	}
	if len(missing) > 0 {
		return api.Required(missing)
	}
	return nil
}
