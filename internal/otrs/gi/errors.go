package gi

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// Kinds of GenericInterface failures; match them with errors.Is.
var (
	// ErrAccessDenied: OTRS refused the operation. OTRS answers an
	// unknown ticket the same way.
	ErrAccessDenied = errors.New("otrs: access denied")
	// ErrInvalidSession: the SessionID (or the credentials) were refused.
	ErrInvalidSession = errors.New("otrs: invalid session or credentials")
	// ErrMissingParameter: a required field was missing.
	ErrMissingParameter = errors.New("otrs: missing parameter")
	// ErrInvalidParameter: a value was refused (unknown state, SLA not
	// valid for the service...).
	ErrInvalidParameter = errors.New("otrs: invalid parameter")
	// ErrNotFound: the web service or route does not exist.
	ErrNotFound = errors.New("otrs: not found")
	// ErrOperation: any other operation error.
	ErrOperation = errors.New("otrs: operation failed")
	// ErrTicketWithoutArticle: TicketCreate made the ticket but not its
	// first article. OTRS's TicketCreate.pm returns its own failure after
	// TicketCreate() has committed (Znuny 6.5.4 l.1760-1794: "Attachment
	// could not be created…", "Article could not be created…", the latter
	// also when ArticleSend could not queue the mail), and the provider
	// answers it as a transport error, without the TicketID.
	ErrTicketWithoutArticle = errors.New("otrs: ticket created without its article")
	// ErrOperationFailed: the operation ran and reported that a step
	// failed, which the provider answers as a transport error (HTTP 500
	// text, a SOAP Fault) with the operation's text, or with its own
	// "OperationObject returned an error, cancelling Request" when the
	// operation gave none (Provider.pm:302-311 of Znuny 6.5.4), as
	// TicketUpdate does for a title, lock or owner it could not set
	// (its misspelt "Errormessage" key, TicketUpdate.pm:1610, 1674,
	// 2023). OTRS answered: the request was not lost, the write failed.
	ErrOperationFailed = errors.New("otrs: operation reported failure")
	// ErrTransport: OTRS answered with a transport-level failure (HTTP
	// 500 text, an unreadable body).
	ErrTransport = errors.New("otrs: transport error")
)

// Error is an operation error OTRS reported in its answer body.
type Error struct {
	Code    string // e.g. TicketGet.AccessDenied
	Message string // e.g. TicketGet: User does not have access to the ticket!
	kind    error
}

// Error quotes OTRS's message redacted: it ends up in the log.
func (e *Error) Error() string { return fmt.Sprintf("%s (%s)", otrs.Redact(e.Message), e.Code) }

func (e *Error) Unwrap() error { return e.kind }

// NewError classifies an OTRS ErrorCode by its suffix.
func NewError(code, msg string) *Error {
	kind := ErrOperation
	_, suffix, _ := strings.Cut(code, ".")
	switch suffix {
	case "AccessDenied":
		kind = ErrAccessDenied
	case "AuthFail", "SessionInvalid":
		kind = ErrInvalidSession
	case "MissingParameter":
		kind = ErrMissingParameter
	case "InvalidParameter":
		kind = ErrInvalidParameter
	case "NotFound", "NoTicketID":
		kind = ErrNotFound
	}
	return &Error{Code: code, Message: msg, kind: kind}
}

// transportError classifies a transport-level failure text: an unknown
// route or operation, a ticket created without its article, or anything
// else.
func transportError(op Op, status int, text string, notFound bool) error {
	switch {
	case notFound:
		return fmt.Errorf("%s: HTTP %d %q: %w", op, status, clip(text), ErrNotFound)
	case op == OpTicketCreate && (strings.Contains(text, "Article could not be created") ||
		strings.Contains(text, "Attachment could not be created")):
		return fmt.Errorf("%s: HTTP %d %q: %w", op, status, clip(text), ErrTicketWithoutArticle)
	case strings.Contains(text, "OperationObject returned an error") ||
		strings.Contains(text, "could not be updated, please contact system administrator"):
		// The provider's own summary, or one of TicketUpdate's texts
		// (TicketUpdate.pm:1643 for the queue).
		return fmt.Errorf("%s: HTTP %d %q: %w", op, status, clip(text), ErrOperationFailed)
	}
	return fmt.Errorf("%s: HTTP %d %q: %w", op, status, clip(text), ErrTransport)
}
