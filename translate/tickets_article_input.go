package translate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/otrs/gi"
)

// errArticleParam marks an ArticleType or SenderType OTRS does not know.
var errArticleParam = errors.New("invalid article parameter")

// defaultContentType is the body's type when the client sends none.
const defaultContentType = "text/plain; charset=utf-8"

// channelOf maps ArticleType to OTRS's communication channel and the
// customer visibility (DECISIONS.md 11): Phone, Email, Chat are visible,
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
func articleInput(p Params, subject, body string) (*gi.ArticleInput, error) {
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
		IsVisibleForCustomer: flag01(visible),
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
		return nil, fmt.Errorf("Estimated: %w", err)
	} else if ok && est != 0 {
		in.TimeUnit = &est
	}
	if channel == "Email" && in.To != "" {
		in.ArticleSend = 1
	}
	return in, nil
}
