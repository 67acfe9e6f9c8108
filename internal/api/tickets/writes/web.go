package writes

import (
	"context"
	"errors"
	"fmt"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// Messages of the agent-interface ticket methods (contract).
const (
	msgNoTicketID        = "No TicketID"
	msgSubscribeFailed   = "Could not subscribe to ticket"
	msgUnsubscribeFailed = "Could not unsubscribe from ticket"
	msgTicketSeenFailed  = "Couldn't mark ticket as seen"
	msgArticleSeenFailed = "Couldn't mark article as seen"
)

// webTicket checks, before an agent-interface write, what OTRS does not
// tell apart or does not check itself: that the ticket exists (OTRS's
// "Insufficient Rights" covers unknown tickets too) and that the agent
// holds key on its queue (AgentTicketWatcher's Unsubscribe checks
// nothing). Without a catalog both are left to OTRS.
func (a *Methods) webTicket(ctx context.Context, r *api.Request, ticketID int, key string) error {
	if a.Catalog == nil {
		if f := a.Facts(); f != nil {
			ok, err := f.TicketExists(ctx, ticketID)
			if err != nil {
				return fmt.Errorf("ticket %d: exists: %w", ticketID, err)
			}
			if !ok {
				return api.Fail(api.MsgNoTicket, nil)
			}
		}
		return nil
	}
	q, err := a.Catalog.TicketQueue(ctx, ticketID)
	if errors.Is(err, otrs.ErrNotFound) {
		return api.Fail(api.MsgNoTicket, nil)
	}
	if err != nil {
		return fmt.Errorf("ticket %d: queue: %w", ticketID, err)
	}
	if a.Perms == nil || r.Agent == nil {
		return nil
	}
	ok, err := a.Perms.CanQueue(ctx, r.Agent.ID, q, key)
	if err != nil {
		return fmt.Errorf("ticket %d: permission %s: %w", ticketID, key, err)
	}
	if !ok {
		return api.Fail(api.MsgNoPermission, fmt.Errorf("ticket %d: no %s on queue %d", ticketID, key, q))
	}
	return nil
}

// ticketParam reads TicketID: missing gives missing (nil when the method
// uses the required-fields message), not a positive number No ticket.
func ticketParam(r *api.Request, missing error) (int, error) {
	id, ok, err := r.Params.Int("TicketID")
	if !ok {
		if missing == nil {
			missing = api.Required([]string{"TicketID"})
		}
		return 0, missing
	}
	if err != nil || id <= 0 {
		return 0, api.Fail(api.MsgNoTicket, err)
	}
	return id, nil
}

// WatchTicket subscribes the agent to a ticket (Subscribe=1) or
// unsubscribes (Subscribe=0) through AgentTicketWatcher; ro is required
// either way (contract), although OTRS checks it only for Subscribe.
func (a *Methods) WatchTicket(ctx context.Context, r *api.Request) (any, error) {
	id, err := ticketParam(r, api.Fail(msgNoTicketID, nil))
	if err != nil {
		return nil, err
	}
	if m := r.Params.Missing("Subscribe"); len(m) > 0 {
		return nil, api.Required(m)
	}
	subscribe, err := api.Flag(r, "Subscribe")
	if err != nil {
		return nil, err
	}
	failMsg := msgUnsubscribeFailed
	if subscribe {
		failMsg = msgSubscribeFailed
	}
	if a.Web == nil {
		return nil, api.Fail(failMsg, api.ErrNoAgentUI)
	}
	if err := a.webTicket(ctx, r, id, "ro"); err != nil {
		return nil, err
	}
	if err := a.Web.Watch(ctx, r.Token, id, subscribe); err != nil {
		return nil, api.ChannelError(api.AnyRefusal, failMsg, err)
	}
	return struct{}{}, nil
}

// MarkTicketAsSeen sets (Seen=1, AgentTicketZoom TicketMarkAsSeen) the
// agent's Seen flag on every article of the ticket and on the ticket;
// Seen=0 no OTRS line allows (ErrNoUnseen).
func (a *Methods) MarkTicketAsSeen(ctx context.Context, r *api.Request) (any, error) {
	if m := r.Params.Missing("Seen", "TicketID"); len(m) > 0 {
		return nil, api.Required(m)
	}
	id, err := ticketParam(r, nil)
	if err != nil {
		return nil, err
	}
	if err := a.markSeen(ctx, r, id, 0, msgTicketSeenFailed); err != nil {
		return nil, err
	}
	return struct{}{}, nil
}

// ArticleSeenAnswer is the answer of /tickets/markArticleAsSeen.
type ArticleSeenAnswer struct {
	TicketID int
	// TicketSeen is the ticket's Seen flag after the change (OTRS sets it
	// once every article is seen); null without a catalog to read it.
	TicketSeen *int
}

// MarkArticleAsSeen sets the agent's Seen flag on one article and answers
// the ticket's flag afterwards; Seen=0 no OTRS line allows (ErrNoUnseen).
func (a *Methods) MarkArticleAsSeen(ctx context.Context, r *api.Request) (any, error) {
	if m := r.Params.Missing("Seen", "ArticleID", "TicketID"); len(m) > 0 {
		return nil, api.Required(m)
	}
	id, err := ticketParam(r, nil)
	if err != nil {
		return nil, err
	}
	aid, _, err := r.Params.Int("ArticleID")
	if err != nil || aid <= 0 {
		return nil, api.Fail(msgArticleSeenFailed, fmt.Errorf("ArticleID: %v", err))
	}
	f := a.Facts()
	if f != nil {
		// OTRS sets the flag on ArticleID whatever TicketID says: an
		// article of another ticket would dodge the permission check.
		tid, err := f.ArticleTicketID(ctx, aid)
		if err != nil {
			return nil, fmt.Errorf("article %d: ticket: %w", aid, err)
		}
		if tid != id {
			if err := a.webTicket(ctx, r, id, "ro"); err != nil {
				return nil, err
			}
			return nil, api.Fail(msgArticleSeenFailed, fmt.Errorf("article %d is not on ticket %d", aid, id))
		}
	}
	if err := a.markSeen(ctx, r, id, aid, msgArticleSeenFailed); err != nil {
		return nil, err
	}
	out := ArticleSeenAnswer{TicketID: id}
	if f != nil && r.Agent != nil {
		flags, err := f.TicketFlags(ctx, r.Agent.ID, []int{id})
		if err != nil {
			return nil, fmt.Errorf("ticket %d: flags: %w", id, err)
		}
		seen := 0
		if flags[id].Seen {
			seen = 1
		}
		out.TicketSeen = &seen
	}
	return out, nil
}

func (a *Methods) markSeen(ctx context.Context, r *api.Request, ticketID, articleID int, failMsg string) error {
	seen, err := api.Flag(r, "Seen")
	if err != nil {
		return err
	}
	if a.Web == nil {
		return api.Fail(failMsg, api.ErrNoAgentUI)
	}
	if err := a.webTicket(ctx, r, ticketID, "ro"); err != nil {
		return err
	}
	if !seen {
		return api.Fail(failMsg, ErrNoUnseen)
	}
	if err := a.Web.MarkSeen(ctx, r.Token, ticketID, articleID); err != nil {
		return api.ChannelError(api.AnyRefusal, failMsg, err)
	}
	return nil
}

// ErrNoUnseen is the logged cause of every Seen=0: no OTRS line lets an
// agent clear a Seen flag. AgentTicketZoom only sets them
// (TicketMarkAsSeen, MarkAsSeen; its one ArticleFlagDelete is for
// Important: Znuny 6.5.4 Kernel/Modules/AgentTicketZoom.pm:327, 343-366,
// 489; OTRS 6.0.41 the same file:333, 349-372, 495; no other agent module
// deletes a flag), GI has no flag operation, and the
// AgentTicketMarkSeenUnseen of the Znuny4OTRS-MarkTicketSeenUnseen add-on
// is not shipped by Znuny 7.0.9 either (real2/znuny70/40: Fatal Error,
// with a Backend ERROR in OTRS's log on every call; no OTOBO recording
// or source was read for it). So the proxy answers the contract's error
// without asking OTRS, after the ticket and permission checks, and
// changes nothing.
var ErrNoUnseen = errors.New("Seen=0: no OTRS line lets an agent clear a Seen flag (README \"OTRS lines\")")
