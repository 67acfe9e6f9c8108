package writes

import (
	"context"
	"fmt"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

const msgCannotAddArticleToTicket = "Cannot add article"

// CreatedArticle is the answer of /tickets/createArticle.
type CreatedArticle struct {
	ArticleID int
}

// CreateArticle adds an article with one GI TicketUpdate that also
// carries the new state, pending time, owner, lock, time accounting and
// dynamic fields, so OTRS applies them with the article. Its time
// accounting alone may fail unreported, so an article with Estimated is
// read back (createdArticlePartly). An Email article with a recipient is
// sent by OTRS (ArticleSend). The request is never retried once it may
// have reached OTRS.
func (a *Methods) CreateArticle(ctx context.Context, r *api.Request) (any, error) {
	p := r.Params
	if missing := p.Missing("TicketID", "Subject", "Body"); len(missing) > 0 {
		return nil, api.Required(missing)
	}
	ticketID, err := ticketIDParam(p)
	if err != nil {
		return nil, err
	}
	t, err := a.loadTarget(ctx, r, ticketID, gi.GetOptions{})
	if err != nil {
		return nil, err
	}
	if err := a.need(ctx, r, t.QueueID, "note", "rw"); err != nil {
		return nil, err
	}
	req, err := a.articleRequest(ctx, r, t)
	if err != nil {
		return nil, err
	}
	out, err := a.GI.TicketUpdate(ctx, r.Token, ticketID, req)
	if err != nil {
		return nil, api.ChannelError(api.GIRefusal, msgCannotAddArticleToTicket, fmt.Errorf("createArticle on ticket %d: %w", ticketID, err))
	}
	if err := a.createdArticlePartly(ctx, r, ticketID, int(out.ArticleID), req); err != nil {
		return nil, err
	}
	return CreatedArticle{ArticleID: int(out.ArticleID)}, nil
}

// articleRequest decodes createArticle's parameters into one TicketUpdate
// request. The ticket fields it may change beyond note permission need
// their own keys, as in OTRS's note screen: a new owner needs owner (or
// rw), a lock change rw unless the agent owns the ticket. A state change
// goes with the note, as OTRS's note screen allows with note permission.
func (a *Methods) articleRequest(ctx context.Context, r *api.Request, t *target) (gi.TicketRequest, error) {
	p := r.Params
	var req gi.TicketRequest
	art, err := articleInput(p, p.String("Subject"), p.String("Body"))
	if err != nil {
		return req, failInput(msgCannotAddArticleToTicket, err)
	}
	addedArticleHistory(art)
	req.Article = art
	tk := gi.TicketInput{}
	changes := false
	state, ok, err := a.resolve(ctx, p, kindState, "State", "StateID")
	if err != nil {
		return req, failUnknown(msgCannotAddArticleToTicket, err)
	}
	if ok {
		// A pending state gets the pending time the note screen would
		// propose (tickets_pending.go).
		state.set(kindState, &tk)
		changes = true
		var given bool
		if tk.PendingTime, given, err = a.pendingWithState(ctx, r, state, t); err != nil {
			return req, failPending(msgCannotAddArticleToTicket, err)
		}
		if given && notPending(state) {
			return req, api.Fail(msgCannotAddArticleToTicket, fmt.Errorf("state %s: %w", state, errPendingIgnored))
		}
	} else if tk.PendingTime, ok, err = a.pendingFor(ctx, p, r.Agent); err != nil {
		return req, api.Fail(msgCannotAddArticleToTicket, err)
	} else if ok {
		// GI stores a pending time only with a pending state: the
		// ticket's own goes along, and a ticket that is not pending
		// cannot take one.
		if !isPending(t.StateType) {
			return req, api.Fail(msgCannotAddArticleToTicket, fmt.Errorf("ticket %d is %q: %w", t.ID, t.StateType, errPendingIgnored))
		}
		tk.StateID = t.StateID
		changes = true
	}
	owner, ok, err := a.resolve(ctx, p, kindUser, "", "OwnerID")
	if err != nil {
		return req, failUnknown(msgCannotAddArticleToTicket, err)
	}
	if ok {
		if err := a.need(ctx, r, t.QueueID, "owner", "rw"); err != nil {
			return req, err
		}
		tk.OwnerID = owner.ID
		changes = true
	}
	lock, ok, err := a.resolve(ctx, p, kindLock, "Lock", "")
	if err != nil {
		return req, failUnknown(msgCannotAddArticleToTicket, err)
	}
	if ok {
		if t.OwnerID != r.Agent.ID {
			if err := a.need(ctx, r, t.QueueID, "rw"); err != nil {
				return req, err
			}
		}
		lock.set(kindLock, &tk)
		changes = true
	}
	if changes {
		req.Ticket = &tk
	}
	defs, err := a.fieldDefs(ctx)
	if err != nil {
		return req, err
	}
	if req.DynamicField, _, err = dynamicFieldInput(p, defs); err != nil {
		return req, api.Fail(msgCannotAddArticleToTicket, err)
	}
	return req, nil
}
