package gi

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// TicketCreate creates a ticket with its first article. It is retried only
// when the request never reached OTRS.
func (c *Client) TicketCreate(ctx context.Context, sessionID string, in TicketRequest) (Created, error) {
	var out Created
	params, err := toParams(in)
	if err != nil {
		return out, err
	}
	params["SessionID"] = sessionID
	err = c.call(ctx, OpTicketCreate, retryUnsent, params, &out)
	return out, err
}

// TicketUpdate changes a ticket and may add an article. Like TicketCreate
// it is retried only when the request never reached OTRS.
func (c *Client) TicketUpdate(ctx context.Context, sessionID string, ticketID int, in TicketRequest) (Created, error) {
	var out Created
	params, err := toParams(in)
	if err != nil {
		return out, err
	}
	params["SessionID"] = sessionID
	params["TicketID"] = strconv.Itoa(ticketID)
	if _, ok := params["Ticket"]; !ok && in.Article == nil && len(in.DynamicField) == 0 {
		return out, fmt.Errorf("TicketUpdate %d: nothing to update", ticketID)
	}
	err = c.call(ctx, OpTicketUpdate, retryUnsent, params, &out)
	return out, err
}

// TicketGet returns the tickets with the given ids in one call. OTRS fails
// the whole call when one id is unknown or forbidden.
func (c *Client) TicketGet(ctx context.Context, sessionID string, ids []int, opt GetOptions) ([]Ticket, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	strs := make([]string, len(ids))
	for i, id := range ids {
		strs[i] = strconv.Itoa(id)
	}
	params := map[string]any{
		"SessionID":             sessionID,
		"TicketID":              strings.Join(strs, ","),
		"DynamicFields":         opt.DynamicFields,
		"Extended":              opt.Extended,
		"AllArticles":           opt.AllArticles,
		"Attachments":           opt.Attachments,
		"HTMLBodyAsAttachment":  opt.HTMLBodyAsAttachment,
		"ArticleLimit":          opt.ArticleLimit,
		"ArticleSenderType":     opt.ArticleSenderType,
		"GetAttachmentContents": boolInt(opt.GetAttachmentContents),
	}
	if opt.ArticleOrder != "" {
		params["ArticleOrder"] = opt.ArticleOrder
	}
	var out struct{ Ticket []Ticket }
	if err := c.call(ctx, OpTicketGet, retryReads, params, &out); err != nil {
		return nil, err
	}
	return out.Ticket, nil
}

// TicketSearch returns the ids of the tickets matching q, in OTRS's order.
// An empty result is nil, not an error.
func (c *Client) TicketSearch(ctx context.Context, sessionID string, q Search) ([]int, error) {
	params := make(map[string]any, len(q)+1)
	for k, v := range q {
		params[k] = v
	}
	params["SessionID"] = sessionID
	var out struct{ TicketID []Int }
	if err := c.call(ctx, OpTicketSearch, retryReads, params, &out); err != nil {
		return nil, err
	}
	ids := make([]int, len(out.TicketID))
	for i, id := range out.TicketID {
		ids[i] = int(id)
	}
	return ids, nil
}

// TicketHistoryGet returns the history of the given tickets.
func (c *Client) TicketHistoryGet(ctx context.Context, sessionID string, ids []int) ([]History, error) {
	strs := make([]string, len(ids))
	for i, id := range ids {
		strs[i] = strconv.Itoa(id)
	}
	var out struct{ TicketHistory []History }
	err := c.call(ctx, OpTicketHistoryGet, retryReads, map[string]any{"SessionID": sessionID, "TicketID": strings.Join(strs, ",")}, &out)
	return out.TicketHistory, err
}

// boolInt spells a flag whose OTRS default is 1, so 0 must be sent
// explicitly (GetAttachmentContents).
func boolInt(b bool) any {
	if b {
		return 1
	}
	return "0"
}

func toParams(in TicketRequest) (map[string]any, error) {
	// Files stay out of the round trip through JSON: they are sent as
	// they are (encoded the same way), not copied twice more (a 50 MB
	// file is 67 MB of base64).
	files := in.Attachment
	in.Attachment = nil
	b, err := json.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("encode ticket request: %w", err)
	}
	params := map[string]any{}
	if err := json.Unmarshal(b, &params); err != nil {
		return nil, fmt.Errorf("encode ticket request: %w", err)
	}
	if len(files) > 0 {
		params["Attachment"] = files
	}
	return params, nil
}
