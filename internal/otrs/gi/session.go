package gi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// SessionCreate logs an agent in and returns the new SessionID. It is
// never retried: each failure counts toward the agent's lockout.
func (c *Client) SessionCreate(ctx context.Context, login, password string) (string, error) {
	var out struct{ SessionID string }
	err := c.call(ctx, OpSessionCreate, retryNever, map[string]any{"UserLogin": login, "Password": password}, &out)
	if err != nil {
		return "", err
	}
	if out.SessionID == "" {
		return "", fmt.Errorf("SessionCreate: empty SessionID: %w", ErrTransport)
	}
	return out.SessionID, nil
}

// SessionGet returns the data of a session. An unknown or expired session
// gives ErrInvalidSession. Serialized values (Serialized=1) are kept as
// their JSON text.
func (c *Client) SessionGet(ctx context.Context, sessionID string) (Session, error) {
	var out struct {
		SessionData []struct {
			Key   string
			Value json.RawMessage
		}
	}
	err := c.call(ctx, OpSessionGet, retryReads, map[string]any{"SessionID": sessionID}, &out)
	if err != nil {
		return nil, err
	}
	s := make(Session, len(out.SessionData))
	for _, kv := range out.SessionData {
		var v Text
		if err := json.Unmarshal(kv.Value, &v); err != nil {
			v = Text(kv.Value)
		}
		s[kv.Key] = string(v)
	}
	return s, nil
}

// SessionRemove ends a session. Znuny 6.5 authenticates the call with the
// agent's login and password, not with the SessionID being removed.
func (c *Client) SessionRemove(ctx context.Context, sessionID, login, password string) error {
	return c.call(ctx, OpSessionRemove, retryReads, map[string]any{
		"SessionID": sessionID, "UserLogin": login, "Password": password,
	}, nil)
}

// pingSession is a SessionID no OTRS ever issues (they are 32
// alphanumerics), so SessionGet answers SessionInvalid without touching
// a real session.
const pingSession = "rs4otrs-readiness-probe"

// Ping reports whether the web service answers operations: a SessionGet
// of a session that cannot exist must come back as SessionInvalid. It is
// not retried.
func (c *Client) Ping(ctx context.Context) error {
	err := c.call(ctx, OpSessionGet, retryNever, map[string]any{"SessionID": pingSession}, nil)
	if err == nil || errors.Is(err, ErrInvalidSession) {
		return nil
	}
	return err
}
