package writes

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// errArticleParam marks an ArticleType or SenderType OTRS does not know.
var errArticleParam = errors.New("invalid article parameter")

// defaultContentType is the body's type when the client sends none.
const defaultContentType = "text/plain; charset=utf-8"

// channelOf maps ArticleType to OTRS's communication channel and the
// customer visibility (default Phone): Phone, Email, Chat are visible,
// Internal is not. OTRS 5's article types (email-external, note-internal,
// phone...) that older clients may still send are read the same way.
func channelOf(articleType string) (channel string, visible bool, err error) {
	t := strings.ToLower(strings.TrimSpace(articleType))
	if t == "" {
		return "Phone", true, nil
	}
	base, suffix, _ := strings.Cut(t, "-")
	switch base {
	case "phone":
		channel = "Phone"
	case "email":
		channel = "Email"
	case "chat":
		channel = "Chat"
	case "internal", "note":
		channel = "Internal"
	default:
		return "", false, fmt.Errorf("ArticleType %q: %w", articleType, errArticleParam)
	}
	switch suffix {
	case "":
		visible = channel != "Internal"
	case "external":
		visible = true
	case "internal":
		visible = false
	default:
		return "", false, fmt.Errorf("ArticleType %q: %w", articleType, errArticleParam)
	}
	return channel, visible, nil
}

// senderTypeOf checks SenderType (default customer, as the contract says).
func senderTypeOf(s string) (string, error) {
	switch t := strings.ToLower(strings.TrimSpace(s)); t {
	case "":
		return "customer", nil
	case "agent", "system", "customer":
		return t, nil
	}
	return "", fmt.Errorf("SenderType %q: %w", s, errArticleParam)
}

// articleInput builds GI's Article hash from the contract's article
// parameters (ArticleType, SenderType, To, Cc, ReplyTo, ContentType,
// Charset, MimeType, Estimated). An Email article with a recipient is
// sent by OTRS (ArticleSend), as the original does since 6.41.0.
func articleInput(p api.Params, subject, body string) (*gi.ArticleInput, error) {
	channel, visible, err := channelOf(p.String("ArticleType"))
	if err != nil {
		return nil, err
	}
	sender, err := senderTypeOf(p.String("SenderType"))
	if err != nil {
		return nil, err
	}
	in := &gi.ArticleInput{
		CommunicationChannel: channel,
		SenderType:           sender,
		IsVisibleForCustomer: api.Flag01(visible),
		To:                   p.String("To"),
		Cc:                   p.String("Cc"),
		ReplyTo:              p.String("ReplyTo"),
		Subject:              subject,
		Body:                 body,
		ContentType:          p.String("ContentType"),
	}
	if in.ContentType == "" {
		mime, charset := p.String("MimeType"), p.String("Charset")
		switch {
		case mime != "" && charset != "":
			in.ContentType = mime + "; charset=" + charset
		case mime != "":
			in.ContentType = mime + "; charset=utf-8"
		case charset != "":
			in.ContentType = "text/plain; charset=" + charset
		default:
			in.ContentType = defaultContentType
		}
	}
	if est, ok, err := p.Float("Estimated"); err != nil {
		return nil, err
	} else if ok && est != 0 {
		in.TimeUnit = &est
	}
	if channel == "Email" && in.To != "" {
		in.ArticleSend = 1
	}
	return in, nil
}

// newTicketHistory gives a new ticket's first article the history type
// and comment of the agent screen that creates such a ticket. OTRS raises
// the new-ticket notification only for EmailAgent, EmailCustomer,
// PhoneCallCustomer, WebRequestCustomer and SystemRequest
// (Kernel/System/Ticket/Article/Backend/MIMEBase.pm:634-656 of Znuny
// 6.5.4); GI's own default, NewTicket, notifies nobody. An e-mail ticket
// is AgentTicketEmail's (EmailAgent, "%%To, Cc, Bcc": Ticket.xml:3138-3149,
// AgentTicketEmail.pm:1858-1859); every other one AgentTicketPhone's,
// which also creates chat articles (PhoneCallCustomer, "%%":
// Ticket.xml:3039-3050, AgentTicketPhone.pm:1533-1534, 1593-1594).
func newTicketHistory(in *gi.ArticleInput) {
	if in.CommunicationChannel == "Email" {
		in.HistoryType, in.HistoryComment = "EmailAgent", fmt.Sprintf("%%%%%s, %s, ", in.To, in.Cc)
		return
	}
	in.HistoryType, in.HistoryComment = "PhoneCallCustomer", "%%"
}

// addedArticleHistory gives an article added to a ticket the history type
// and comment of the agent screen for that action: a note is
// AgentTicketNote's (AddNote, "%%Note": Ticket.xml:3565-3576, which
// raises the note notification, MIMEBase.pm:658-674); a phone call is
// AgentTicketPhoneInbound's for a customer sender (PhoneCallCustomer)
// and AgentTicketPhoneOutbound's otherwise (PhoneCallAgent;
// Ticket.xml:2820-2824, 2895-2899, comment "%%" as
// AgentTicketPhoneCommon.pm:905-906); an e-mail OTRS sends is
// AgentTicketCompose's (SendAnswer, "%%To, Cc": AgentTicketCompose.pm:
// 957-967, 1026-1027). A stored e-mail or chat keeps GI's default.
func addedArticleHistory(in *gi.ArticleInput) {
	switch {
	case in.CommunicationChannel == "Internal":
		in.HistoryType, in.HistoryComment = "AddNote", "%%Note"
	case in.CommunicationChannel == "Phone" && in.SenderType == "customer":
		in.HistoryType, in.HistoryComment = "PhoneCallCustomer", "%%"
	case in.CommunicationChannel == "Phone":
		in.HistoryType, in.HistoryComment = "PhoneCallAgent", "%%"
	case in.ArticleSend == 1:
		rcpt := in.To
		if in.Cc != "" {
			rcpt += ", " + in.Cc
		}
		in.HistoryType, in.HistoryComment = "SendAnswer", "%%"+rcpt
	}
}

// failInput answers msg for an article OTRS would refuse, but a value
// the contract does not describe (Estimated "NaN") as the parameter
// error naming it: the client's mistake is not the method failing.
func failInput(msg string, err error) error {
	var pe *api.ParamError
	if errors.As(err, &pe) {
		return err
	}
	return api.Fail(msg, err)
}
