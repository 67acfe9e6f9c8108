package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
)

// Login's answers (InterfaceAgent.pm's Login branch, as the fake models
// it): a session cookie, refused credentials, or another refusal; every
// attempt is one POST, whatever happens.
func TestLogin(t *testing.T) {
	o := fakeotrs.New(fakeotrs.NewStore())
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
		}
		o.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, err := web.New(web.Config{URL: srv.URL + fakeotrs.AgentInterfacePath})
	if err != nil {
		t.Fatal(err)
	}
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
	}))
	defer broken.Close()
	cb, err := web.New(web.Config{URL: broken.URL + fakeotrs.AgentInterfacePath})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, login, password string
		client                *web.Client
		limit                 string // AgentSessionPerUserLimit
		wantErr               error  // nil: a session
		wantPage              bool   // a *web.PageError
	}{
		{"ok", "agent.full", "AgentFull123!", c, "20", nil, false},
		{"wrong password", "agent.full", "wrong", c, "20", web.ErrLoginFailed, false},
		{"unknown agent", "nobody", "x", c, "20", web.ErrLoginFailed, false},
		{"customer credentials", "jdoe", "CustPass123!", c, "20", web.ErrLoginFailed, false},
		{"per-user limit", "agent.full", "AgentFull123!", c, "1", nil, true},
		{"server error", "agent.full", "AgentFull123!", cb, "20", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o.Store.Lock(func(s *fakeotrs.Store) { s.SysConfig["AgentSessionPerUserLimit"] = tc.limit })
			before := posts.Load()
			sid, err := tc.client.Login(context.Background(), tc.login, tc.password)
			if n := posts.Load() - before; n != 1 {
				t.Errorf("%d POSTs, want 1 (never retried)", n)
			}
			var pe *web.PageError
			switch {
			case tc.wantPage:
				if !errors.As(err, &pe) {
					t.Errorf("err %v, want a *web.PageError", err)
				}
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Errorf("err %v, want %v", err, tc.wantErr)
				}
			default:
				if err != nil || sid == "" {
					t.Fatalf("Login = %q, %v", sid, err)
				}
				o.Store.Lock(func(s *fakeotrs.Store) {
					if sess := s.Sessions[sid]; sess == nil || sess.Source != fakeotrs.SourceAgentInterface {
						t.Errorf("session %+v, want an AgentInterface session", sess)
					}
				})
			}
		})
	}
}
