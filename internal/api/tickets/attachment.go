package tickets

import (
	"context"
	"errors"
	"fmt"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

const (
	msgNoArticle    = "No article!"
	msgNoAttachment = "No attachment!"
)

// GetAttachment sends one attachment's bytes. A first TicketGet without
// contents finds the article and the file; a second one streams just that
// file's content (gi.Client.AttachmentContent), so the proxy never holds
// the file. With only ArticleID, the catalog finds the ticket; with only
// TicketID, the oldest article that has FileID is meant.
func (a *Methods) GetAttachment(ctx context.Context, r *api.Request) (any, error) {
	var missing []string
	if !r.Params.Has("TicketID") && !r.Params.Has("ArticleID") {
		missing = append(missing, "TicketID or ArticleID")
	}
	if !r.Params.Has("FileID") {
		missing = append(missing, "FileID")
	}
	if len(missing) > 0 {
		return nil, api.Required(missing)
	}
	ticketID, _, err := r.Params.Int("TicketID")
	if err != nil || ticketID < 0 {
		return nil, api.Fail(msgNoAttachment, err)
	}
	articleID, _, err := r.Params.Int("ArticleID")
	if err != nil || articleID < 0 {
		return nil, api.Fail(msgNoArticle, err)
	}
	fileID, _, err := r.Params.Int("FileID")
	if err != nil || fileID <= 0 {
		return nil, api.Fail(msgNoAttachment, err)
	}
	if ticketID == 0 {
		f := a.Facts()
		if f == nil {
			return nil, fmt.Errorf("getAttachment: article %d without TicketID: %w", articleID, errors.New("no catalog to find its ticket"))
		}
		if ticketID, err = f.ArticleTicketID(ctx, articleID); err != nil {
			return nil, fmt.Errorf("getAttachment: ticket of article %d: %w", articleID, err)
		}
		if ticketID == 0 {
			return nil, api.Fail(msgNoArticle, nil)
		}
	}
	ts, err := a.GI.TicketGet(ctx, r.Token, []int{ticketID}, gi.GetOptions{AllArticles: true, Attachments: true, HTMLBodyAsAttachment: true})
	if errors.Is(err, gi.ErrAccessDenied) {
		// The contract hides a permission failure behind No attachment!
		return nil, api.Fail(msgNoAttachment, err)
	}
	if err != nil {
		return nil, fmt.Errorf("getAttachment: ticket %d: %w", ticketID, err)
	}
	if len(ts) == 0 {
		return nil, api.Fail(msgNoAttachment, fmt.Errorf("ticket %d: empty answer", ticketID))
	}
	ref, file, err := findAttachment(ts[0].Article, articleID, fileID)
	if err != nil {
		return nil, err
	}
	body, err := a.GI.AttachmentContent(ctx, r.Token, ticketID, ref)
	if errors.Is(err, gi.ErrAccessDenied) || errors.Is(err, gi.ErrNoSuchAttachment) {
		return nil, api.Fail(msgNoAttachment, err)
	}
	if err != nil {
		return nil, fmt.Errorf("getAttachment: ticket %d: %w", ticketID, err)
	}
	size := int64(file.FilesizeRaw)
	if size <= 0 {
		// No size in OTRS's answer: send no Content-Length rather than
		// promise an empty file.
		size = -1
	}
	return &api.File{
		Filename:    string(file.Filename),
		ContentType: string(file.ContentType),
		Size:        size,
		Body:        body,
	}, nil
}

// findAttachment locates FileID in the article with articleID (0: the
// oldest article that has it) and returns its position.
func findAttachment(arts []gi.Article, articleID, fileID int) (gi.AttachmentRef, *gi.Attachment, error) {
	found := articleID == 0
	for i := range arts {
		if articleID != 0 && int(arts[i].ArticleID) != articleID {
			continue
		}
		found = true
		for j := range arts[i].Attachment {
			if f := &arts[i].Attachment[j]; int(f.FileID) == fileID {
				return gi.AttachmentRef{ArticleIndex: i, AttachmentIndex: j}, f, nil
			}
		}
	}
	if !found {
		return gi.AttachmentRef{}, nil, api.Fail(msgNoArticle, nil)
	}
	return gi.AttachmentRef{}, nil, api.Fail(msgNoAttachment, nil)
}
