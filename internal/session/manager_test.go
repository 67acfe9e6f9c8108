package session

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// fakeGI answers SessionGet from a map and counts the calls.
type fakeGI struct {
	sessions map[string]gi.Session
	calls    atomic.Int32
}

func (f *fakeGI) SessionGet(_ context.Context, id string) (gi.Session, error) {
	f.calls.Add(1)
	s, ok := f.sessions[id]
	if !ok {
		return nil, gi.NewError("SessionGet.SessionInvalid", "SessionGet: SessionID is Invalid!")
	}
	return s, nil
}

func newFake() *fakeGI {
	return &fakeGI{sessions: map[string]gi.Session{
		"agent": {"UserType": "User", "UserID": "2", "UserLogin": "agent.full", "UserFirstname": "Fiona", "UserLastname": "Full", "UserEmail": "f@x", "UserPw": "secret-hash"},
		// A customer session carries the password hash (gi/012).
		"customer": {"UserType": "Customer", "UserID": "jdoe", "UserLogin": "jdoe", "UserPassword": "0123abcd"},
	}}
}

func TestValidate(t *testing.T) {
	f := newFake()
	m := NewManager(f, nil, Config{TTL: time.Minute, Secret: []byte("s")})
	ctx := context.Background()
	tests := []struct {
		token   string
		wantErr error
		login   string
	}{
		{"agent", nil, "agent.full"},
		{"customer", ErrInvalid, ""},
		{"unknown", ErrInvalid, ""},
		{"", ErrInvalid, ""},
	}
	for _, tt := range tests {
		u, err := m.Validate(ctx, tt.token)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("Validate(%q) err = %v, want %v", tt.token, err, tt.wantErr)
		}
		if tt.login != "" && (u == nil || u.Login != tt.login || u.FullName != "Fiona Full") {
			t.Errorf("Validate(%q) = %+v", tt.token, u)
		}
	}
	calls := f.calls.Load()
	if _, err := m.Validate(ctx, "agent"); err != nil {
		t.Fatal(err)
	}
	if f.calls.Load() != calls {
		t.Error("a cached token asked OTRS again")
	}
	m.Forget("agent")
	if _, err := m.Validate(ctx, "agent"); err != nil || f.calls.Load() != calls+1 {
		t.Errorf("after Forget: err %v, calls %d", err, f.calls.Load())
	}
}

func TestCacheKeyIsNotTheToken(t *testing.T) {
	m := NewManager(newFake(), nil, Config{Secret: []byte("s")})
	if _, err := m.Validate(context.Background(), "agent"); err != nil {
		t.Fatal(err)
	}
	for k := range m.users.Items() {
		if strings.Contains(k, "agent") {
			t.Errorf("cache key %q holds the token", k)
		}
	}
}

func TestChallengeToken(t *testing.T) {
	a := NewManager(newFake(), nil, Config{Secret: []byte("one")})
	b := NewManager(newFake(), nil, Config{Secret: []byte("one")})
	c := NewManager(newFake(), nil, Config{Secret: []byte("two")})
	ct := a.ChallengeToken("agent")
	if len(ct) != 32 {
		t.Errorf("challenge token %q: want 32 characters", ct)
	}
	if !b.CheckChallenge("agent", ct) {
		t.Error("a replica with the same secret refused the token")
	}
	if c.CheckChallenge("agent", ct) || a.CheckChallenge("other", ct) || a.CheckChallenge("agent", "") {
		t.Error("a wrong secret, session or empty token was accepted")
	}
}

// touchCounter counts refreshes of the OTRS idle timer.
type touchCounter struct{ n atomic.Int32 }

func (tc *touchCounter) Touch(context.Context, string) error { tc.n.Add(1); return nil }

func TestTouchAtMostOncePerInterval(t *testing.T) {
	tc := &touchCounter{}
	m := NewManager(newFake(), tc, Config{Secret: []byte("s"), TouchEvery: time.Hour})
	for range 5 {
		if _, err := m.Validate(context.Background(), "agent"); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(2 * time.Second)
	for tc.n.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := tc.n.Load(); got != 1 {
		t.Errorf("touched %d times in one interval, want 1", got)
	}
}
