package web

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// Errors OTRS's answers turn into.
var (
	// ErrSessionInvalid: OTRS answered with its login page (unknown,
	// expired or customer session).
	ErrSessionInvalid = errors.New("otrs web: session invalid")
	// ErrNoPermission: OTRS answered "Insufficient Rights" (the ticket does
	// not exist, or the agent lacks the permission, or the frontend module
	// is not allowed for the agent).
	ErrNoPermission = errors.New("otrs web: insufficient rights")
	// ErrFeatureOff: the feature is switched off in OTRS (LostPassword).
	ErrFeatureOff = errors.New("otrs web: feature not active")
	// ErrInvalidToken: OTRS did not accept a password reset token.
	ErrInvalidToken = errors.New("otrs web: invalid password reset token")
	// ErrLoginFailed: OTRS refused the credentials of a login.
	ErrLoginFailed = errors.New("otrs web: login failed")
	// ErrNoChallengeToken: the page OTRS rendered for the session held no
	// ChallengeToken.
	ErrNoChallengeToken = errors.New("otrs web: no ChallengeToken in page")
)

// PageError is an answer the action does not expect: an error screen
// ("Fatal Error", "An Error Occurred"), an unexpected status or page.
type PageError struct {
	Action string
	Status int
	// Kind says what OTRS rendered (PageError, PageLogin, PageOther...).
	Kind    PageKind
	Title   string
	Message string
}

func (e *PageError) Error() string {
	// Title and Message are OTRS's text, which may echo the request
	// (SessionID, ChallengeToken): the error ends up in the log.
	return fmt.Sprintf("otrs web: %s: unexpected answer (HTTP %d, %s page %q): %s",
		e.Action, e.Status, e.Kind, otrs.Redact(e.Title), otrs.Redact(e.Message))
}

// challengeFailed reports whether OTRS refused the ChallengeToken (its
// English text; a translated one is simply not retried).
func (e *PageError) challengeFailed() bool {
	return e.Kind == PageErrorScreen && strings.Contains(e.Message, "Challenge Token")
}

// FormError is OTRS showing an edit form again: a field was missing or
// invalid, or the backend refused the record (Notices holds OTRS's
// messages, Fields the names of the fields it marked).
type FormError struct {
	Action  string
	Fields  []string
	Notices []string
}

func (e *FormError) Error() string {
	notices := make([]string, len(e.Notices))
	for i, n := range e.Notices {
		notices[i] = otrs.Redact(n)
	}
	return fmt.Sprintf("otrs web: %s refused: fields %v, notices %q", e.Action, e.Fields, notices)
}
