package api

import (
	"errors"
	"fmt"
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
	// MsgLoginFailed answers refused credentials, and a login the proxy's
	// limit refuses, so that a guesser learns nothing.
	MsgLoginFailed = "Login failed! Your user name or password was entered incorrectly."
	msgRequired    = "Required fields is not defined: "
)

// ErrNoAgentUI is logged when a method needs the agent interface and
// none is configured.
var ErrNoAgentUI = errors.New("agent interface (otrs/web) not configured")

// ErrLoginFailed is the cause of every failed login (refused credentials,
// missing ones, a customer's session): the proxy counts them for its
// failed-login limit with errors.Is.
var ErrLoginFailed = errors.New("login failed")

// loginFailed answers MsgLoginFailed with cause, marked ErrLoginFailed.
func loginFailed(cause error) error {
	return Fail(MsgLoginFailed, fmt.Errorf("%w: %w", ErrLoginFailed, cause))
}

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
// contract's Message of an *Error, a *ParamError's "Parameter is
// incorrect: Name" (a client's mistake), or MsgContactAdmin for anything
// else.
func ClientMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	var pe *ParamError
	if errors.As(err, &pe) {
		return pe.Message()
	}
	return MsgContactAdmin
}

// Required answers the contract's "Required fields is not defined"
// message naming only the missing parameters.
func Required(missing []string) error {
	return Fail(msgRequired+strings.Join(missing, ", "), nil)
}

// channelAnswers is the one table of what a channel's sentinel error
// means to the client, whatever the method.
var channelAnswers = []struct {
	err error
	msg string
}{
	{gi.ErrAccessDenied, MsgNoPermission},
	{web.ErrNoPermission, MsgNoPermission},
	{gi.ErrInvalidSession, MsgSessionInvalid},
	{web.ErrSessionInvalid, MsgSessionInvalid},
	{web.ErrFeatureOff, msgFeatureOff},
	{web.ErrInvalidToken, msgInvalidToken},
}

// ChannelError is the one map from a channel's error (GI, agent
// interface, database, push) to the contract's answer, the cause going to
// the log:
//   - a sentinel of channelAnswers gives its Message;
//   - an error refused reports as OTRS refusing the operation gives the
//     method's own Message, refusedMsg (refused nil: none does);
//   - anything else (OTRS unreachable, a timeout after which a write may
//     have been applied, a database or push failure) is returned as it is:
//     the client sees MsgContactAdmin, never a refusal that may be false.
//
// A session OTRS ended is mapped once more by Answer, whatever a method
// made of it.
func ChannelError(refused func(error) bool, refusedMsg string, err error) error {
	if err == nil {
		return nil
	}
	for _, a := range channelAnswers {
		if errors.Is(err, a.err) {
			return Fail(a.msg, err)
		}
	}
	if refused != nil && refused(err) {
		return Fail(refusedMsg, err)
	}
	return err
}

// GIRefusal reports whether OTRS answered a GI operation with an
// operation error, or with the operation's own report that a step failed
// (gi.ErrOperationFailed): the write was refused, not lost.
func GIRefusal(err error) bool {
	var ge *gi.Error
	return errors.As(err, &ge) || errors.Is(err, gi.ErrOperationFailed)
}

// AnyRefusal treats every agent-interface error as the action refused:
// index.pl answers its actions with a page, never a partial write.
func AnyRefusal(error) bool { return true }

// Refused reports whether err is an answer the client may see (a
// contract message or a parameter error), as opposed to an outage.
func Refused(err error) bool {
	var e *Error
	var pe *ParamError
	return errors.As(err, &e) || errors.As(err, &pe)
}

// Answer is what the client gets for a method's error: the contract's
// Message, and whether OTRS ended the agent's session (then the Message
// is MsgSessionInvalid, and the caller drops the session from its cache).
// withSession is false for the tokenless methods (login, lostPassword),
// where a refused session means wrong credentials.
func Answer(err error, withSession bool) (msg string, sessionEnded bool) {
	if withSession && SessionEnded(err) {
		return MsgSessionInvalid, true
	}
	return ClientMessage(err), false
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
