package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// Watch subscribes the agent to a ticket, or unsubscribes
// (AgentTicketWatcher, Ticket::Watcher must be on). OTRS answers a 302 to
// the ticket (or, after Unsubscribe without ro, to the last overview).
// OTRS checks ro only for Subscribe.
func (c *Client) Watch(ctx context.Context, sessionID string, ticketID int, subscribe bool) error {
	const action = "AgentTicketWatcher"
	sub := "Unsubscribe"
	if subscribe {
		sub = "Subscribe"
	}
	return c.withToken(ctx, sessionID, func(tok string) error {
		a, err := c.call(ctx, http.MethodGet, sessionID, url.Values{
			"Action": {action}, "Subaction": {sub}, "TicketID": {strconv.Itoa(ticketID)}, "ChallengeToken": {tok},
		})
		if err != nil {
			return err
		}
		if a.status == http.StatusFound {
			return nil
		}
		return unexpected(action, a)
	})
}

// MarkSeen sets the agent's Seen flag on one article, or with articleID 0
// on every article of the ticket (AgentTicketZoom MarkAsSeen /
// TicketMarkAsSeen, which check ro and need no ChallengeToken). OTRS marks
// the ticket seen itself once all its articles are. The answer is the
// 1-byte body "1".
func (c *Client) MarkSeen(ctx context.Context, sessionID string, ticketID, articleID int) error {
	const action = "AgentTicketZoom"
	v := url.Values{"Action": {action}, "TicketID": {strconv.Itoa(ticketID)}, "Subaction": {"TicketMarkAsSeen"}}
	if articleID > 0 {
		v.Set("Subaction", "MarkAsSeen")
		v.Set("ArticleID", strconv.Itoa(articleID))
	}
	a, err := c.call(ctx, http.MethodGet, sessionID, v)
	if err != nil {
		return err
	}
	if a.status == http.StatusOK && bytes.Equal(bytes.TrimSpace(a.body), []byte("1")) {
		return nil
	}
	return unexpected(action, a)
}
