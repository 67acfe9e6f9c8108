package gi

import (
	"errors"
	"fmt"
	"strings"
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

func (e *Error) Error() string { return fmt.Sprintf("%s (%s)", e.Message, e.Code) }

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
