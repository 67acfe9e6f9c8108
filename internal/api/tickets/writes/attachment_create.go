package writes

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api/tickets"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

const (
	msgTicketIncorrect  = "Ticket is incorrect"
	msgArticleIncorrect = "Article is incorrect"
	msgInternalError    = "Internal error. Please contact administrator!"
	msgCannotAttach     = "Cannot add attachment"
	msgFileParts        = "No Content, ContentType or Filename parameters"
)

// CreatedAttachment is the answer of /tickets/createAttachment: the
// stored file's metadata.
type CreatedAttachment struct {
	ContentAlternative *string
	ContentID          *string
	Filesize           string
	ContentType        *string
	FilesizeRaw        int64
	Disposition        *string
	FileID             int
}

// CreateAttachment stores a file on a ticket. GenericInterface cannot add
// a file to an existing article, so the file arrives as a new internal
// note (not visible to the customer) that carries it, written by the
// agent; the answer describes the stored file (FileID within that note,
// for getAttachment with the note's article id or the ticket id). With
// ArticleID the note names that article. The note is added with one
// TicketUpdate that is never retried once it may have reached OTRS.
func (a *Methods) CreateAttachment(ctx context.Context, r *api.Request) (any, error) {
	p := r.Params
	if err := required(p, []string{"TicketID", "ArticleID"}, []string{"File"}); err != nil {
		return nil, err
	}
	file, err := fileParam(p)
	if err != nil {
		return nil, err
	}
	ticketID, articleID, err := a.attachmentTarget(ctx, p)
	if err != nil {
		return nil, err
	}
	t, err := a.loadTarget(ctx, r, ticketID, gi.GetOptions{AllArticles: articleID > 0})
	if err != nil {
		return nil, err
	}
	subject := "Attachment: " + file.Filename
	body := "File " + file.Filename + " attached."
	if articleID > 0 {
		var of *gi.Article
		for i := range t.Articles {
			if int(t.Articles[i].ArticleID) == articleID {
				of = &t.Articles[i]
			}
		}
		if of == nil {
			return nil, api.Fail(msgArticleIncorrect, fmt.Errorf("article %d is not in ticket %d", articleID, ticketID))
		}
		body = fmt.Sprintf("File %s attached to article %d (%s).", file.Filename, articleID, of.Subject)
	}
	if err := a.need(ctx, r, t.QueueID, "note", "rw", "create"); err != nil {
		return nil, err
	}
	// The file travels on an internal note, written and notified as
	// OTRS's note screen does (addedArticleHistory).
	note := &gi.ArticleInput{
		CommunicationChannel: "Internal", SenderType: "agent", IsVisibleForCustomer: 0,
		Subject: subject, Body: body, ContentType: defaultContentType,
	}
	addedArticleHistory(note)
	out, err := a.GI.TicketUpdate(ctx, r.Token, ticketID, gi.TicketRequest{
		Article:    note,
		Attachment: []gi.AttachmentInput{file},
	})
	if err != nil {
		return nil, api.ChannelError(api.GIRefusal, msgCannotAttach, fmt.Errorf("createAttachment on ticket %d: %w", ticketID, err))
	}
	return a.storedFile(ctx, r, ticketID, int(out.ArticleID), file.Filename)
}

// fileParam reads File {Content, ContentType, Filename} and checks that
// Content is base64 (standard or URL alphabet, line breaks allowed).
func fileParam(p api.Params) (gi.AttachmentInput, error) {
	var f gi.AttachmentInput
	obj, _, err := p.Object("File")
	if err != nil {
		return f, api.Fail(msgFileParts, err)
	}
	part := func(k string) string { s, _ := obj[k].(string); return s }
	f.Content, f.ContentType, f.Filename = part("Content"), part("ContentType"), part("Filename")
	if f.Content == "" || f.ContentType == "" || f.Filename == "" {
		return f, api.Fail(msgFileParts, nil)
	}
	content, n, err := checkBase64(f.Content)
	if err != nil || n == 0 {
		return f, api.Fail(msgCannotAttach, fmt.Errorf("File.Content: %w", errors.Join(err, errors.New("not base64 or empty"))))
	}
	f.Content = content
	return f, nil
}

// checkBase64 returns s as standard, padded base64 without line breaks,
// as OTRS wants it, and the size of what it encodes. The file is checked
// as it is decoded into nothing, never held decoded, and s itself is
// passed on when it is already in that form (a 50 MB file is 67 MB of
// base64: issue 16 point 5).
func checkBase64(s string) (string, int64, error) {
	if strings.ContainsAny(s, "\n\r \t") {
		s = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, s)
	}
	if strings.ContainsAny(s, "-_") {
		s = strings.NewReplacer("-", "+", "_", "/").Replace(s)
	}
	if m := len(s) % 4; m != 0 && !strings.HasSuffix(s, "=") {
		s += strings.Repeat("=", 4-m)
	}
	n, err := io.Copy(io.Discard, base64.NewDecoder(base64.StdEncoding, strings.NewReader(s)))
	return s, n, err
}

// attachmentTarget reads TicketID and ArticleID; with ArticleID alone the
// ticket facts find its ticket.
func (a *Methods) attachmentTarget(ctx context.Context, p api.Params) (ticketID, articleID int, err error) {
	if p.Has("TicketID") {
		n, _, err := p.Int("TicketID")
		if err != nil || n <= 0 {
			return 0, 0, api.Fail(msgTicketIncorrect, err)
		}
		ticketID = n
	}
	if p.Has("ArticleID") {
		n, _, err := p.Int("ArticleID")
		if err != nil || n <= 0 {
			return 0, 0, api.Fail(msgArticleIncorrect, err)
		}
		articleID = n
	}
	if ticketID == 0 {
		f := a.Facts()
		if f == nil {
			return 0, 0, fmt.Errorf("createAttachment: article %d without TicketID: no ticket facts to find its ticket", articleID)
		}
		if ticketID, err = f.ArticleTicketID(ctx, articleID); err != nil {
			return 0, 0, fmt.Errorf("createAttachment: ticket of article %d: %w", articleID, err)
		}
		if ticketID == 0 {
			return 0, 0, api.Fail(msgArticleIncorrect, nil)
		}
	}
	return ticketID, articleID, nil
}

// storedFile reads back the new note's file to answer with OTRS's own
// FileID and size.
func (a *Methods) storedFile(ctx context.Context, r *api.Request, ticketID, articleID int, filename string) (any, error) {
	ts, err := a.GI.TicketGet(ctx, r.Token, []int{ticketID}, gi.GetOptions{AllArticles: true, Attachments: true})
	if err != nil || len(ts) == 0 {
		return nil, api.Fail(msgInternalError, fmt.Errorf("createAttachment: note %d stored, reading it back: %w", articleID, err))
	}
	for _, x := range ts[0].Article {
		if int(x.ArticleID) != articleID {
			continue
		}
		for _, f := range x.Attachment {
			if string(f.Filename) != filename {
				continue
			}
			return CreatedAttachment{
				ContentAlternative: tickets.Text(f.ContentAlternative),
				ContentID:          tickets.Text(f.ContentID),
				Filesize:           humanSize(int64(f.FilesizeRaw)),
				ContentType:        tickets.Text(f.ContentType),
				FilesizeRaw:        int64(f.FilesizeRaw),
				Disposition:        tickets.Text(f.Disposition),
				FileID:             int(f.FileID),
			}, nil
		}
	}
	return nil, api.Fail(msgInternalError, fmt.Errorf("createAttachment: note %d of ticket %d has no file %q", articleID, ticketID, filename))
}

// humanSize formats a byte count as OTRS's attachment index does
// ("4.6 KB" for 4722 bytes).
func humanSize(n int64) string {
	const k = 1024
	switch {
	case n >= k*k*k:
		return fmt.Sprintf("%.1f GB", float64(n)/(k*k*k))
	case n >= k*k:
		return fmt.Sprintf("%.1f MB", float64(n)/(k*k))
	case n >= k:
		return fmt.Sprintf("%.1f KB", float64(n)/k)
	}
	return fmt.Sprintf("%d Bytes", n)
}
