package push_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push/fcmtest"
)

const (
	notifSimple  = "10-owner-to-agent.ro-by-agent.full-simple-notification.json"
	notifGeneric = "09-owner-to-agent.ro-by-agent.full-generic-notification.json"
)

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

func TestIntakeAuth(t *testing.T) {
	e := newEnv(t, nil)
	r := loadRecorded(t, notifSimple)
	cases := []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"Znuny's secret header", nil, http.StatusOK},
		{"wrong secret", map[string]string{push.SecretHeader: "s3cre"}, http.StatusUnauthorized},
		{"no secret", map[string]string{push.SecretHeader: ""}, http.StatusUnauthorized},
		{"basic auth (OTRS 6.0)", map[string]string{push.SecretHeader: "", "Authorization": basic("rs4otrs", testSecret)}, http.StatusOK},
		{"basic auth, wrong password", map[string]string{push.SecretHeader: "", "Authorization": basic("rs4otrs", "nope")}, http.StatusUnauthorized},
		{"basic auth, wrong user", map[string]string{push.SecretHeader: "", "Authorization": basic("admin", testSecret)}, http.StatusUnauthorized},
		{"wrong header beats right basic auth", map[string]string{push.SecretHeader: "x", "Authorization": basic("rs4otrs", testSecret)}, http.StatusUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, out := e.post(t, r, "/push/notification", tc.header)
			if status != tc.want {
				t.Errorf("status %d, want %d (%v)", status, tc.want, out)
			}
		})
	}
	t.Run("no secret configured refuses all", func(t *testing.T) {
		e := newEnv(t, func(c *push.Config) { c.Secret = "" })
		if status, _ := e.post(t, r, "/push/notification", nil); status != http.StatusUnauthorized {
			t.Errorf("status %d", status)
		}
	})
}

// Every recorded request Znuny sent is understood and acknowledged the
// way Znuny wants (2xx with a non-empty body).
func TestIntakeRecorded(t *testing.T) {
	e := newEnv(t, nil)
	for _, name := range []string{
		"01-create-by-agent.full-generic-event.json", "02-create-by-agent.full-simple-event.json",
		"07-article-by-agent.full-generic-event.json", "08-article-by-agent.full-simple-event.json",
		notifGeneric, notifSimple,
		"11-owner-to-agent.ro-by-agent.full-generic-event.json", "12-owner-to-agent.ro-by-agent.full-simple-event.json",
		"29-state-open-by-agent.full-generic-event.json", "30-state-open-by-agent.full-simple-event.json",
	} {
		t.Run(name, func(t *testing.T) {
			r := loadRecorded(t, name)
			status, out := e.post(t, r, r.Request.Path, nil)
			if status != http.StatusOK || out["Accepted"] != float64(1) {
				t.Errorf("status %d, answer %v", status, out)
			}
		})
	}
}

func TestIntakeRefuses(t *testing.T) {
	e := newEnv(t, nil)
	cases := []struct {
		name, body string
		status     int
		accepted   float64
	}{
		{"not JSON", "<xml/>", http.StatusBadRequest, 0},
		{"no event, no notification", `{"TicketID":1}`, http.StatusBadRequest, 0},
		{"event without ticket", `{"Event":"TicketCreate"}`, http.StatusBadRequest, 0},
		{"notification without recipient", `{"NotificationSubject":"x","TicketID":"1"}`, http.StatusBadRequest, 0},
		{"unhandled event is acknowledged", `{"Event":"TicketSubscribe","TicketID":1}`, http.StatusOK, 0},
		{"event name neither in body nor path", `{"TicketID":1}`, http.StatusBadRequest, 0},
		{"customer recipient is acknowledged", `{"NotificationSubject":"x","TicketID":"1","Recipient":{"UserID":1,"Type":"Customer"}}`, http.StatusOK, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, e.intake.URL, strings.NewReader(tc.body))
			req.Header.Set(push.SecretHeader, testSecret)
			if st := status(t, req); st != tc.status {
				t.Errorf("status %d, want %d", st, tc.status)
			}
		})
	}
	if st := e.svc.Stats(); st.Accepted != 0 {
		t.Errorf("accepted %d jobs, want 0", st.Accepted)
	}
}

// The end-to-end path: a notification posted exactly as Znuny posts it
// reaches FCM for each of the recipient's devices with the contract's
// data payload.
func TestNotificationEndToEnd(t *testing.T) {
	for _, name := range []string{notifSimple, notifGeneric} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.setToken(t, 3, "device-ro-phone") // Recipient.UserID 3 = agent.ro
			e.setToken(t, 3, "device-ro-tablet")
			e.setToken(t, 2, "device-full") // not the recipient
			r := loadRecorded(t, name)
			if status, out := e.post(t, r, r.Request.Path, nil); status != http.StatusOK || out["Accepted"] != float64(1) {
				t.Fatalf("status %d, answer %v", status, out)
			}
			got := e.fcm.Wait(2, 10*time.Second)
			if len(got) != 2 {
				t.Fatalf("FCM received %d messages, want 2", len(got))
			}
			sort.Slice(got, func(i, j int) bool { return got[i].Token < got[j].Token })
			var shape []map[string]any
			for _, m := range got {
				if m.Auth != "Bearer fake-access-token" || m.Project != "rs4otrs-test" {
					t.Errorf("auth %q project %q", m.Auth, m.Project)
				}
				shape = append(shape, map[string]any{"token": m.Token, "data": m.Data, "android": m.Android})
			}
			golden(t, "fcm-owner-notification", shape)
		})
	}
}

// A bare event (OTRS 6.0 / OTOBO event invoker, Test::TestSimple body):
// the proxy reads the ticket, picks the recipients and words the text.
func TestBareEventEndToEnd(t *testing.T) {
	e := newEnv(t, nil)
	// Ticket 2 (queue Support): owner agent.full (2), responsible root;
	// agent.ro (3) and demo (4) watch it; agent.full writes a note.
	var articleID int
	e.otrs.Lock(func(s *fakeotrs.Store) {
		for _, tk := range s.Tickets {
			if tk.ID == 2 {
				tk.Watchers = []int{3, 4}
				a := tk.Articles[len(tk.Articles)-1]
				a.CreateBy, a.Body = 2, "Restarted the MTA, please check."
				articleID = a.ID
			}
		}
	})
	for id, tok := range map[int]string{1: "device-root", 2: "device-full", 3: "device-ro", 4: "device-demo"} {
		e.setToken(t, id, tok)
	}
	body := `{"Event":"ArticleCreate","TicketID":"2","ArticleID":` + itoa(articleID) + `,"OldTicketData":{"TicketID":2}}`
	e.postOTRS60(t, "/push/event", body)
	got := e.fcm.Wait(2, 10*time.Second)
	var tokens []string
	for _, m := range got {
		tokens = append(tokens, m.Token)
	}
	sort.Strings(tokens)
	// Not agent.full (the author), not root (never), both watchers.
	if want := []string{"device-demo", "device-ro"}; !slices.Equal(tokens, want) {
		t.Fatalf("FCM tokens %v, want %v", tokens, want)
	}
	golden(t, "fcm-bare-article-event", got[0].Data)
}

// OTRS 6.0 posts only the event data; the name comes from the path of
// the event's own invoker.
func TestEventNameFromPath(t *testing.T) {
	e := newEnv(t, nil)
	e.setToken(t, 2, "device-full")
	e.setToken(t, 3, "device-ro")
	// Ticket 2: owner agent.full; last changed by agent.ro (the actor).
	e.otrs.Lock(func(s *fakeotrs.Store) {
		for _, tk := range s.Tickets {
			if tk.ID == 2 {
				tk.ChangeBy = 3
			}
		}
	})
	e.postOTRS60(t, "/push/event/TicketPriorityUpdate", `{"TicketID":"2"}`)
	got := e.fcm.Wait(1, 10*time.Second)
	if len(got) != 1 || got[0].Token != "device-full" ||
		got[0].Data["title"] != "[Ticket#2026112610000015] Priority Update: Mail server not reachable" {
		t.Fatalf("FCM received %+v", got)
	}
}

// A Ticket::Generic event carries the ticket: no read is needed, and the
// recorded owner change by agent.full reaches the new owner agent.ro.
func TestGenericEventEndToEnd(t *testing.T) {
	e := newEnv(t, nil)
	e.setToken(t, 2, "device-full")
	e.setToken(t, 3, "device-ro")
	r := loadRecorded(t, "11-owner-to-agent.ro-by-agent.full-generic-event.json")
	if status, _ := e.post(t, r, "/push/event", nil); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	got := e.fcm.Wait(1, 10*time.Second)
	if len(got) != 1 || got[0].Token != "device-ro" {
		t.Fatalf("FCM received %v", got)
	}
	golden(t, "fcm-generic-owner-event", got[0].Data)
}

func TestDeadTokensRemoved(t *testing.T) {
	cases := []struct {
		name  string
		reply fcmtest.Reply
	}{
		{"UNREGISTERED", fcmtest.Reply{Status: 404, ErrorCode: "UNREGISTERED"}},
		{"INVALID_ARGUMENT", fcmtest.Reply{Status: 400, ErrorCode: "INVALID_ARGUMENT"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			ctx := context.Background()
			e.setToken(t, 3, "device-old")
			e.fcm.Script("device-old", tc.reply)
			if e.svc.NeedTokenUpdate(ctx, 3) {
				t.Fatal("NeedTokenUpdate before the send")
			}
			r := loadRecorded(t, notifSimple)
			e.post(t, r, r.Request.Path, nil)
			e.fcm.Wait(1, 10*time.Second)
			waitStats(t, e.svc, func(s push.Stats) bool { return s.TokensRemoved == 1 })
			if !e.svc.NeedTokenUpdate(ctx, 3) {
				t.Error("NeedTokenUpdate = false after FCM rejected the only token")
			}
			if toks, _ := e.store.Tokens(ctx, 3); len(toks) != 0 {
				t.Errorf("tokens left: %d", len(toks))
			}
			// A fresh registration makes the agent reachable again.
			e.setToken(t, 3, "device-new")
			if e.svc.NeedTokenUpdate(ctx, 3) {
				t.Error("NeedTokenUpdate after a new token")
			}
		})
	}
}

// waitStats polls the counters until cond holds (bounded, so a broken
// service fails instead of hanging).
func waitStats(t *testing.T, s *push.Service, cond func(push.Stats) bool) push.Stats {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		st := s.Stats()
		if cond(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("stats never matched: %+v", st)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestRetry(t *testing.T) {
	retryAfter := http.Header{"Retry-After": {"1"}}
	cases := []struct {
		name        string
		replies     []fcmtest.Reply
		wantTries   int
		wantRetried int64 // retries by the dispatcher (the SDK retries 503 itself)
		wantSent    int64
	}{
		{"503 with Retry-After, then OK", []fcmtest.Reply{{Status: 503, ErrorCode: "UNAVAILABLE", Header: retryAfter}, {Status: 200}}, 2, 0, 1},
		{"429 with Retry-After, then OK", []fcmtest.Reply{{Status: 429, ErrorCode: "QUOTA_EXCEEDED", Header: retryAfter}, {Status: 200}}, 2, 1, 1},
		{"500, then OK", []fcmtest.Reply{{Status: 500, ErrorCode: "INTERNAL"}, {Status: 200}}, 2, 1, 1},
		{"429 for ever: gives up after MaxAttempts", []fcmtest.Reply{{Status: 429, ErrorCode: "QUOTA_EXCEEDED"}}, 3, 2, 0},
		{"403 is not retried", []fcmtest.Reply{{Status: 403, ErrorCode: "THIRD_PARTY_AUTH_ERROR"}}, 1, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(c *push.Config) { c.MaxAttempts = 3 })
			e.setToken(t, 3, "device")
			e.fcm.Script("device", tc.replies...)
			r := loadRecorded(t, notifSimple)
			e.post(t, r, r.Request.Path, nil)
			st := waitStats(t, e.svc, func(s push.Stats) bool { return s.Sent+s.Failed == 1 })
			got := e.fcm.Received()
			if len(got) != tc.wantTries || st.Retried != tc.wantRetried || st.Sent != tc.wantSent {
				t.Errorf("tries %d retried %d sent %d, want %d %d %d", len(got), st.Retried, st.Sent, tc.wantTries, tc.wantRetried, tc.wantSent)
			}
			if tc.replies[0].Header != nil && len(got) >= 2 {
				if gap := got[1].At.Sub(got[0].At); gap < time.Second {
					t.Errorf("retried after %v, before Retry-After: 1", gap)
				}
			}
			if toks, _ := e.store.Tokens(context.Background(), 3); len(toks) != 1 {
				t.Error("a transient failure removed the token")
			}
		})
	}
}

func TestQueueFullAnswers503(t *testing.T) {
	block := make(chan struct{})
	started := make(chan struct{}, 10)
	e := newEnv(t, func(c *push.Config) { c.Workers, c.QueueSize = 1, 1 })
	e.svc.Shutdown(context.Background()) // replace with a blocking sender
	svc := push.New(push.Config{Secret: testSecret, Workers: 1, QueueSize: 1}, e.store,
		senderFunc(func(ctx context.Context, token string, data map[string]string) error {
			started <- struct{}{}
			<-block
			return nil
		}), nil, nil)
	e.setToken(t, 3, "device")
	srv := httptestServer(t, svc)
	e.intake = srv
	r := loadRecorded(t, notifSimple)
	if status, _ := e.post(t, r, "/", nil); status != http.StatusOK {
		t.Fatalf("first: %d", status)
	}
	<-started // the worker holds job 1
	if status, _ := e.post(t, r, "/", nil); status != http.StatusOK {
		t.Fatalf("second (queued): %d", status)
	}
	if status, out := e.post(t, r, "/", nil); status != http.StatusServiceUnavailable {
		t.Errorf("third: %d %v, want 503", status, out)
	}
	close(block)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := svc.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if st := svc.Stats(); st.Sent != 2 || st.Rejected != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestShutdown(t *testing.T) {
	t.Run("drains the queue", func(t *testing.T) {
		e := newEnv(t, func(c *push.Config) { c.Workers = 2 })
		e.setToken(t, 3, "device")
		r := loadRecorded(t, notifSimple)
		const n = 40
		for range n {
			e.post(t, r, "/", nil)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := e.svc.Shutdown(ctx); err != nil {
			t.Fatal(err)
		}
		if got := len(e.fcm.Received()); got != n {
			t.Errorf("FCM received %d of %d", got, n)
		}
		if status, _ := e.post(t, r, "/", nil); status != http.StatusServiceUnavailable {
			t.Errorf("after shutdown: %d, want 503", status)
		}
	})
	t.Run("gives up after the grace period", func(t *testing.T) {
		// Time budgets longer than the Retry-After, so that the worker
		// is waiting to retry when Shutdown comes.
		e := newEnv(t, func(c *push.Config) { c.Workers, c.DeviceTimeout, c.MessageTimeout = 1, time.Hour, time.Hour })
		e.setToken(t, 3, "device")
		e.fcm.Script("device", fcmtest.Reply{Status: 429, ErrorCode: "QUOTA_EXCEEDED", Header: http.Header{"Retry-After": {"30"}}})
		r := loadRecorded(t, notifSimple)
		e.post(t, r, "/", nil)
		e.post(t, r, "/", nil)
		e.fcm.Wait(1, 10*time.Second)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		if err := e.svc.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Shutdown = %v, want DeadlineExceeded", err)
		}
		if st := e.svc.Stats(); st.Failed != 1 || st.Unsent != 1 || st.Sent != 0 {
			t.Errorf("stats %+v: want 1 failed (in retry) and 1 unsent (queued)", st)
		}
	})
}
