package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
)

// start serves the fake OTRS on 127.0.0.1, counting token fetches.
func start(t *testing.T) (*fakeotrs.OTRS, *web.Client, *atomic.Int32) {
	t.Helper()
	o := fakeotrs.New(fakeotrs.NewStore())
	var fetches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("Action") == "AgentTicketSearch" {
			fetches.Add(1)
		}
		o.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := web.New(web.Config{URL: srv.URL + fakeotrs.AgentInterfacePath})
	if err != nil {
		t.Fatal(err)
	}
	return o, c, &fetches
}

func TestTouchRefreshesIdleTimer(t *testing.T) {
	o, c, _ := start(t)
	now := fakeotrs.SeedTime
	o.Store.Lock(func(s *fakeotrs.Store) { s.Now = func() time.Time { return now } })
	sess := o.Store.NewAgentSession(2)
	now = now.Add(time.Hour)
	if err := c.Touch(context.Background(), sess.ID); err != nil {
		t.Fatal(err)
	}
	o.Store.Lock(func(s *fakeotrs.Store) {
		if got := s.Sessions[sess.ID].LastRequest; !got.Equal(now) {
			t.Errorf("LastRequest %v, want %v", got, now)
		}
	})
	if err := c.Touch(context.Background(), "NoSuchSession"); !errors.Is(err, web.ErrSessionInvalid) {
		t.Errorf("Touch of an unknown session: %v", err)
	}
}

// The token is fetched once per session; a token OTRS refuses is fetched
// again and the write retried once.
func TestChallengeTokenCachedAndRenewed(t *testing.T) {
	o, c, fetches := start(t)
	ctx := context.Background()
	sess := o.Store.NewAgentSession(2)
	for _, sub := range []bool{true, false, true} {
		if err := c.Watch(ctx, sess.ID, 2, sub); err != nil {
			t.Fatal(err)
		}
	}
	if n := fetches.Load(); n != 1 {
		t.Errorf("%d token fetches for 3 writes, want 1", n)
	}
	o.Store.Lock(func(s *fakeotrs.Store) { s.Sessions[sess.ID].ChallengeToken = "RenewedToken" })
	if err := c.Watch(ctx, sess.ID, 2, false); err != nil {
		t.Fatalf("after a token change: %v", err)
	}
	if n := fetches.Load(); n != 2 {
		t.Errorf("%d token fetches, want 2", n)
	}
	if err := c.Watch(ctx, sess.ID, 9, true); !errors.Is(err, web.ErrNoPermission) {
		t.Errorf("watch ticket 9 as agent.full: %v", err)
	}
}
