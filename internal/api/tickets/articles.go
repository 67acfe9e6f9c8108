package tickets

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// Communication channel ids as OTRS 6 creates them (communication_channel).
const (
	channelEmail    = 1
	channelPhone    = 2
	channelInternal = 3
	channelChat     = 4
)

// ArticleList is the answer of getArticles.
type ArticleList struct {
	Articles []Article
}

// ArticleCount is the answer of getArticles in Count mode.
type ArticleCount struct {
	Count int
}

// articleTicket is the part of an article record that comes from its
// ticket. Changed is OTRS's server time without zone, as the contract's
// example shows (6.44.1 dropped that one conversion).
type articleTicket struct {
	Age                    int
	ArchiveFlag            *string
	Changed                *string
	Created                *string
	CustomerID             *string
	CustomerUserID         *string
	EscalationResponseTime *int64
	EscalationSolutionTime *int64
	EscalationTime         *int64
	EscalationUpdateTime   *int64
	GroupID                int
	Lock                   *string
	LockID                 int
	Owner                  *string
	OwnerID                int
	Priority               *string
	PriorityID             int
	Queue                  *string
	QueueID                int
	RealTillTimeNotUsed    *int64
	Responsible            *string
	ResponsibleID          int
	SLA                    *string
	SLAID                  *int
	Service                *string
	ServiceID              *int
	State                  *string
	StateID                int
	StateType              *string
	TicketNumber           TicketNumber
	Title                  *string
	Type                   *string
	TypeID                 *int
	UnlockTimeout          *int64
	UntilTime              *int
}

// Article is one article of getArticles: the article's own data merged
// with its ticket's.
type Article struct {
	articleTicket
	ArticleID              int
	ArticleNumber          int
	ArticleType            *string
	Attachments            []AttachmentInfo
	Avatar                 *string
	Bcc                    *string
	Body                   *string
	Cc                     *string
	ChangeBy               int
	ChangeTime             *string
	ChangeTimeServer       *string
	Charset                *string
	CommunicationChannelID int
	ContentCharset         *string
	ContentType            *string
	CreateBy               int
	CreateTime             *string
	CreateTimeServer       *string
	CreatedTimeUnix        *int64
	Direction              string
	From                   *string
	FromRealname           *string
	HTMLBody               *AttachmentInfo
	InReplyTo              *string
	IncomingTime           *int64
	IsVisibleForCustomer   int
	MessageID              *string
	MimeType               *string
	References             *string
	ReplyTo                *string
	Seen                   int
	SenderType             *string
	SenderTypeID           int
	Subject                *string
	TicketID               int
	To                     *string
	ToRealname             *string
}

// AttachmentInfo describes an attachment without its content.
type AttachmentInfo struct {
	ContentAlternative *string
	ContentID          *string
	ContentType        *string
	Disposition        *string
	FileID             int
	Filename           *string
	FilesizeRaw        int64
}

// GetArticles returns a ticket's articles (or their number) with one
// TicketGet, plus the agent's seen flags from the catalog.
func (a *Methods) GetArticles(ctx context.Context, r *api.Request) (any, error) {
	if missing := r.Params.Missing("TicketID"); len(missing) > 0 {
		return nil, api.Required(missing)
	}
	ticketID, _, err := r.Params.Int("TicketID")
	if err != nil || ticketID <= 0 {
		return nil, api.Fail(api.MsgNoTicket, err)
	}
	count, _, err := r.Params.Flag("Count")
	if err != nil {
		return nil, err
	}
	visible, byVisibility, err := r.Params.Flag("IsVisibleForCustomer")
	if err != nil {
		return nil, err
	}
	desc := strings.EqualFold(r.Params.String("Order"), "DESC")
	// Limit and Page are at most api.MaxInt each, so their product fits
	// an int; Page 0 is read as the first page, as before.
	limit, _, err := r.Params.NonNegative("Limit")
	if err != nil {
		return nil, err
	}
	pageNo, _, err := r.Params.NonNegative("Page")
	if err != nil {
		return nil, err
	}
	pageNo = max(pageNo, 1)

	opt := gi.GetOptions{AllArticles: true, Attachments: true, HTMLBodyAsAttachment: true}
	if limit > 0 && !byVisibility && !count {
		// Only the articles up to the requested page travel; a page
		// beyond anything GI could hold asks for them all.
		opt.ArticleLimit = min(pageNo*limit, api.MaxInt)
		opt.ArticleOrder = "ASC"
		if desc {
			opt.ArticleOrder = "DESC"
		}
	}
	t, err := a.ReadTicket(ctx, r.Token, ticketID, opt)
	if err != nil {
		return nil, err
	}
	arts := t.Article
	if byVisibility {
		arts = slices.DeleteFunc(arts, func(x gi.Article) bool { return (x.IsVisibleForCustomer == 1) != visible })
	}
	if count {
		return ArticleCount{Count: len(arts)}, nil
	}
	slices.SortStableFunc(arts, func(x, y gi.Article) int {
		if desc {
			return writtenOrder(y, x)
		}
		return writtenOrder(x, y)
	})
	if limit > 0 {
		arts = pageOf(arts, pageNo, limit)
	}
	seen := map[int]bool{}
	if f := a.Facts(); f != nil && len(arts) > 0 {
		ids := make([]int, len(arts))
		for i := range arts {
			ids[i] = int(arts[i].ArticleID)
		}
		if seen, err = f.ArticlesSeen(ctx, r.Agent.ID, ids); err != nil {
			return nil, fmt.Errorf("getArticles: seen flags: %w", err)
		}
	}
	z := a.ZonesFor(r.Agent)
	tk := newArticleTicket(t, z)
	out := ArticleList{Articles: make([]Article, 0, len(arts))}
	for i := range arts {
		out.Articles = append(out.Articles, newArticle(tk, &arts[i], z, seen[int(arts[i].ArticleID)]))
	}
	return out, nil
}

// ReadTicket reads one ticket. OTRS answers an unknown and a forbidden
// ticket alike; the catalog tells them apart (No ticket / No permission).
func (a *Methods) ReadTicket(ctx context.Context, token string, ticketID int, opt gi.GetOptions) (*gi.Ticket, error) {
	ts, err := a.GI.TicketGet(ctx, token, []int{ticketID}, opt)
	if errors.Is(err, gi.ErrAccessDenied) {
		return nil, a.deniedTicket(ctx, ticketID, err)
	}
	if err != nil {
		return nil, fmt.Errorf("ticket %d: %w", ticketID, err)
	}
	if len(ts) == 0 {
		return nil, api.Fail(api.MsgNoTicket, fmt.Errorf("ticket %d: empty TicketGet answer", ticketID))
	}
	return &ts[0], nil
}

// deniedTicket turns GI's AccessDenied into No ticket or No permission.
// Without a catalog it cannot tell and says No permission.
func (a *Methods) deniedTicket(ctx context.Context, ticketID int, cause error) error {
	f := a.Facts()
	if f == nil {
		return api.Fail(api.MsgNoPermission, fmt.Errorf("ticket %d (existence unknown, no catalog): %w", ticketID, cause))
	}
	ok, err := f.TicketExists(ctx, ticketID)
	if err != nil {
		return fmt.Errorf("ticket %d: exists: %w", ticketID, err)
	}
	if !ok {
		return api.Fail(api.MsgNoTicket, nil)
	}
	return api.Fail(api.MsgNoPermission, nil)
}

func newArticleTicket(t *gi.Ticket, z Zones) articleTicket {
	rec := newTicket(t, z, ticketExtras{})
	changed, ok := z.parse(t.Changed)
	return articleTicket{
		Age: rec.Age, ArchiveFlag: rec.ArchiveFlag, Changed: z.serverDate(changed, ok), Created: rec.Created,
		CustomerID: rec.CustomerID, CustomerUserID: rec.CustomerUserID,
		EscalationResponseTime: rec.EscalationResponseTime, EscalationSolutionTime: rec.EscalationSolutionTime,
		EscalationTime: rec.EscalationTime, EscalationUpdateTime: rec.EscalationUpdateTime,
		GroupID: rec.GroupID, Lock: rec.Lock, LockID: rec.LockID, Owner: rec.Owner, OwnerID: rec.OwnerID,
		Priority: rec.Priority, PriorityID: rec.PriorityID, Queue: rec.Queue, QueueID: rec.QueueID,
		RealTillTimeNotUsed: rec.RealTillTimeNotUsed, Responsible: rec.Responsible, ResponsibleID: rec.ResponsibleID,
		SLA: rec.SLA, SLAID: rec.SLAID, Service: rec.Service, ServiceID: rec.ServiceID,
		State: rec.State, StateID: rec.StateID, StateType: rec.StateType, TicketNumber: rec.TicketNumber,
		Title: rec.Title, Type: rec.Type, TypeID: rec.TypeID, UnlockTimeout: rec.UnlockTimeout, UntilTime: rec.UntilTime,
	}
}

func newArticle(tk articleTicket, x *gi.Article, z Zones, seen bool) Article {
	created, cok := z.parse(x.CreateTime)
	changed, chok := z.parse(x.ChangeTime)
	visible := x.IsVisibleForCustomer == 1
	out := Article{
		articleTicket:          tk,
		ArticleID:              int(x.ArticleID),
		ArticleNumber:          int(x.ArticleNumber),
		ArticleType:            api.Nullable(articleType(int(x.CommunicationChannelID), visible)),
		Attachments:            []AttachmentInfo{},
		Avatar:                 api.Nullable(api.AvatarURL(firstAddress(string(x.From)))),
		Bcc:                    Text(x.Bcc),
		Body:                   Text(x.Body),
		Cc:                     Text(x.Cc),
		ChangeBy:               int(x.ChangeBy),
		ChangeTime:             z.agentDate(changed, chok),
		ChangeTimeServer:       z.serverDate(changed, chok),
		Charset:                Text(x.Charset),
		CommunicationChannelID: int(x.CommunicationChannelID),
		ContentCharset:         Text(x.ContentCharset),
		ContentType:            Text(x.ContentType),
		CreateBy:               int(x.CreateBy),
		CreateTime:             z.agentDate(created, cok),
		CreateTimeServer:       z.serverDate(created, cok),
		CreatedTimeUnix:        unix(created, cok),
		Direction:              direction(visible, string(x.SenderType)),
		From:                   Text(x.From),
		FromRealname:           api.Nullable(realNames(string(x.From))),
		InReplyTo:              Text(x.InReplyTo),
		IncomingTime:           epoch(x.IncomingTime),
		IsVisibleForCustomer:   api.Flag01(visible),
		MessageID:              Text(x.MessageID),
		MimeType:               Text(x.MimeType),
		References:             Text(x.References),
		ReplyTo:                Text(x.ReplyTo),
		Seen:                   api.Flag01(seen),
		SenderType:             Text(x.SenderType),
		SenderTypeID:           int(x.SenderTypeID),
		Subject:                Text(x.Subject),
		TicketID:               int(x.TicketID),
		To:                     Text(x.To),
		ToRealname:             api.Nullable(realNames(string(x.To))),
	}
	for i := range x.Attachment {
		f := &x.Attachment[i]
		info := attachmentInfo(f)
		if out.HTMLBody == nil && isHTMLBody(f) {
			out.HTMLBody = &info
			continue
		}
		out.Attachments = append(out.Attachments, info)
	}
	return out
}

func attachmentInfo(f *gi.Attachment) AttachmentInfo {
	return AttachmentInfo{
		ContentAlternative: Text(f.ContentAlternative),
		ContentID:          Text(f.ContentID),
		ContentType:        Text(f.ContentType),
		Disposition:        Text(f.Disposition),
		FileID:             int(f.FileID),
		Filename:           Text(f.Filename),
		FilesizeRaw:        int64(f.FilesizeRaw),
	}
}

// htmlBodyName is how OTRS names the stored HTML version of a body.
var htmlBodyName = regexp.MustCompile(`^file-[12]$`)

// isHTMLBody recognises the HTML body that HTMLBodyAsAttachment adds
// (otrs-recordings/gi/084): file-1/file-2, text/html, inline.
func isHTMLBody(f *gi.Attachment) bool {
	return htmlBodyName.MatchString(string(f.Filename)) &&
		strings.HasPrefix(strings.ToLower(string(f.ContentType)), "text/html") &&
		(f.Disposition == "" || f.Disposition == "inline")
}

// articleType names the OTRS 5 article type that a channel and a
// visibility stand for, as RS4OTRS clients know them.
func articleType(channel int, visible bool) string {
	ext := map[bool]string{true: "-external", false: "-internal"}[visible]
	switch channel {
	case channelEmail:
		return "email" + ext
	case channelPhone:
		return "phone"
	case channelInternal:
		return "note" + ext
	case channelChat:
		return "chat" + ext
	}
	return ""
}

// direction: Internal for articles the customer cannot see, Incoming for
// what a customer sent, Outgoing for the rest (contract success_notes).
func direction(visible bool, senderType string) string {
	switch {
	case !visible:
		return "Internal"
	case senderType == "customer":
		return "Incoming"
	}
	return "Outgoing"
}

// realNames returns the display names of an address list, each address's
// name or, without one, the address; unparsable text is returned as is
// (OTRS's To is the queue name for phone articles).
func realNames(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	list, err := mail.ParseAddressList(s)
	if err != nil {
		return s
	}
	names := make([]string, len(list))
	for i, a := range list {
		names[i] = a.Name
		if a.Name == "" {
			names[i] = a.Address
		}
	}
	return strings.Join(names, ", ")
}

// firstAddress returns the first e-mail address of an address list.
func firstAddress(s string) string {
	list, err := mail.ParseAddressList(s)
	if err != nil || len(list) == 0 {
		return ""
	}
	return list[0].Address
}

// pageOf returns page pageNo (from 1) of limit elements of s. It divides
// before it multiplies, so no page or limit can overflow the arithmetic.
func pageOf[T any](s []T, pageNo, limit int) []T {
	if pageNo < 1 || limit < 1 || pageNo-1 >= (len(s)+limit-1)/limit {
		return nil
	}
	start := (pageNo - 1) * limit // < len(s): the check above
	return s[start : min(len(s)-start, limit)+start]
}

// writtenOrder orders articles as they were written: by create time, then
// by ArticleID, a key every line agrees on. ArticleNumber is not one:
// OTOBO numbers the articles of one second in reverse (real2/otobo11/10,
// 44: ArticleIDs 13, 14, 15 are numbers 1, 3, 2), while TicketGet still
// lists them, and ArticleLimit cuts them, in ArticleID order. CreateTime
// is OTRS's fixed-width "YYYY-MM-DD hh:mm:ss", so it compares as text.
func writtenOrder(x, y gi.Article) int {
	if c := strings.Compare(string(x.CreateTime), string(y.CreateTime)); c != 0 {
		return c
	}
	return cmp.Compare(x.ArticleID, y.ArticleID)
}
