package api

import (
	"errors"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
)

// Messages that many methods share; each is part of the wire contract.
const (
	MsgSessionInvalid = "Session invalid. Please log in again."
	MsgContactAdmin   = "Please contact the administrator."
	MsgNoTicket       = "No ticket"
	MsgNoPermission   = "No permission"
	msgRequired       = "Required fields is not defined: "
)

// Error is a failure the client may see: Message is the contract's text,
// Err the cause that only the log gets.
type Error struct {
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return e.Message
	}
	return e.Message + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Fail returns an Error with the client message msg and the cause err
// (which may be nil).
func Fail(msg string, err error) error { return &Error{Message: msg, Err: err} }

// ClientMessage returns the message the client may see for err: the
// contract's Message of an *Error, or MsgContactAdmin for anything else.
func ClientMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return MsgContactAdmin
}

// requiredError answers the contract's "Required fields is not defined"
// message naming only the missing parameters.
func requiredError(missing []string) error {
	return Fail(msgRequired+strings.Join(missing, ", "), nil)
}

// SessionEnded reports whether err says that OTRS no longer knows the
// agent's session: GI's *.AuthFail / *.SessionInvalid, or the agent
// interface's login page. It holds however a method wrapped the cause, so
// the proxy maps it in one place (proxy's handler) to MsgSessionInvalid
// and drops the session from its cache. Not for login, where a refused
// SessionCreate means wrong credentials.
func SessionEnded(err error) bool {
	return errors.Is(err, gi.ErrInvalidSession) || errors.Is(err, web.ErrSessionInvalid)
}
