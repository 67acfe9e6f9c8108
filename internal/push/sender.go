package push

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Sender delivers one message to one device.
type Sender interface {
	Send(ctx context.Context, token string, data map[string]string) error
}

// SendError classifies a failed send so the dispatcher knows whether to
// drop the token, retry, or give up.
type SendError struct {
	// Dead: the token is unregistered or invalid; forget it.
	Dead bool
	// Retry: a transient failure (429, 5xx, network); try again after
	// RetryAfter when the server named a delay, else after backoff.
	Retry      bool
	RetryAfter time.Duration
	// Status is the HTTP status, Code FCM's error code (for logs).
	Status int
	Code   string
	Err    error
}

func (e *SendError) Error() string {
	return fmt.Sprintf("fcm: status %d %s: %v", e.Status, e.Code, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// classify returns err as a *SendError; an unknown error is permanent.
func classify(err error) *SendError {
	var se *SendError
	if errors.As(err, &se) {
		return se
	}
	return &SendError{Err: err}
}
