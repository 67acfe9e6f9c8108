package writes

import (
	"context"
	"fmt"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// The contract's partial-failure messages: the write happened, the steps
// named after ": " did not.
const (
	msgTicketPartly  = "Ticket was created but these operations are failed: "
	msgArticlePartly = "Article was created but these operations are failed: "
)

// The contract's names of the follow-up steps.
const (
	opEstimatedTime = "SetEstimatedTime"
	opLockByOwner   = "LockByOwner"
	opPendingTime   = "UpdatePendingTime"
)

// createdPartly names the steps OTRS left undone on a ticket TicketCreate
// has just made. GI's TicketCreate ignores the result of three of its
// steps and answers success when they failed: the lock
// (TicketCreate.pm:1449, 1859 of Znuny 6.5.4), the pending time (1493)
// and the time accounting (1803). Only the ticket after the write tells;
// without it a client would hear OK for a ticket that is not locked, not
// pending or without its time. The answer's own ticket (IncludeTicketData,
// the proxy's web service) serves unless the time accounting is to be
// checked: that ticket has no TimeUnit (gi.WrittenTicket), so then, and
// with the stock web services, the ticket is read back. A closed state
// unlocks whatever the lock (TicketCreate.pm:1477-1486), so its lock is
// not checked. If the read fails, OTRS's own success stands.
func (a *Methods) createdPartly(ctx context.Context, r *api.Request, out gi.Created, req gi.TicketRequest) error {
	ticketID := int(out.TicketID)
	var t *gi.Ticket
	if out.Ticket != nil && req.Article.TimeUnit == nil {
		t = &out.Ticket.Ticket
	} else {
		var err error
		if t, err = a.ReadTicket(ctx, r.Token, ticketID, gi.GetOptions{}); err != nil {
			return nil
		}
	}
	var failed []string
	if u := req.Article.TimeUnit; u != nil && *u != float64(t.TimeUnit) {
		failed = append(failed, opEstimatedTime)
	}
	tk := req.Ticket
	if tk.LockID > 0 && tk.LockID != int(t.LockID) && !strings.HasPrefix(string(t.StateType), "closed") {
		failed = append(failed, opLockByOwner)
	}
	if tk.PendingTime != nil && t.RealTillTimeNotUsed == 0 {
		failed = append(failed, opPendingTime)
	}
	return partly(msgTicketPartly, failed, fmt.Sprintf("ticket %d", ticketID))
}

// createdArticlePartly reads the article a TicketUpdate has just added
// and names the steps OTRS left undone: TicketUpdate ignores the result
// of its time accounting (TicketUpdate.pm:2346) and answers success. Its
// state and pending-time steps come before the article and fail the
// whole request when they fail (TicketUpdate.pm:1753-1790), so they need
// no read. Without Estimated there is nothing to read.
func (a *Methods) createdArticlePartly(ctx context.Context, r *api.Request, ticketID, articleID int, req gi.TicketRequest) error {
	u := req.Article.TimeUnit
	if u == nil {
		return nil
	}
	t, err := a.ReadTicket(ctx, r.Token, ticketID, gi.GetOptions{AllArticles: true, ArticleOrder: "DESC", ArticleLimit: 1})
	if err != nil || len(t.Article) == 0 || int(t.Article[0].ArticleID) != articleID {
		return nil
	}
	var failed []string
	if *u != float64(t.Article[0].TimeUnit) {
		failed = append(failed, opEstimatedTime)
	}
	return partly(msgArticlePartly, failed, fmt.Sprintf("article %d of ticket %d", articleID, ticketID))
}

// partly answers msg with the failed steps, or nil when none failed.
func partly(msg string, failed []string, what string) error {
	if len(failed) == 0 {
		return nil
	}
	return api.Fail(msg+strings.Join(failed, ", "), fmt.Errorf("%s: OTRS answered success but did not apply %v", what, failed))
}
