package push

import (
	"context"
	"errors"
)

// MaxTokensPerAgent bounds how many devices one agent may register; the
// oldest registration is dropped when a new one exceeds it. Apps refresh
// their token from time to time, so without a bound the list would only
// grow.
const MaxTokensPerAgent = 10

// ErrEmptyToken is returned when a token is "".
var ErrEmptyToken = errors.New("push: empty device token")

// Store keeps FCM device tokens per agent. A token belongs to at most one
// agent: registering it for another agent moves it. Implementations are
// safe for concurrent use.
type Store interface {
	// Set registers token for agentID (moving it from any other agent).
	Set(ctx context.Context, agentID int, token string) error
	// Tokens returns the agent's live tokens, newest first.
	Tokens(ctx context.Context, agentID int) ([]string, error)
	// Remove forgets token, e.g. when FCM reports it unregistered.
	// Removing an unknown token is not an error.
	Remove(ctx context.Context, token string) error
	Close() error
}
