package push_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/logtest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push/fcmtest"
)

// FCM unreachable (issue 13 point 12): the SDK already tries a network
// error five times, so the dispatcher must not multiply that (on old main:
// 5 SDK tries × MaxAttempts), and the final warning carries the error.
func TestFCMUnreachableIsTriedByTheSDKOnly(t *testing.T) {
	var log logtest.Buffer
	e := newEnv(t, func(c *push.Config) { c.MaxAttempts, c.Log = 3, zerolog.New(&log) })
	e.setToken(t, 3, "device")
	e.fcm.Script("device", fcmtest.Reply{Drop: true})
	r := loadRecorded(t, notifSimple)
	e.post(t, r, r.Request.Path, nil)
	st := waitStats(t, e.svc, func(s push.Stats) bool { return s.Sent+s.Failed == 1 })
	if got := len(e.fcm.Received()); got != 5 || st.Retried != 0 || st.Failed != 1 {
		t.Errorf("FCM reached %d times, %d dispatcher retries, %d failed; want 5 (the SDK's tries), 0, 1", got, st.Retried, st.Failed)
	}
	var warned bool
	for _, l := range log.Lines(t) {
		if l["message"] == "push: message not delivered" {
			warned = true
			if l["error"] == nil || l["error"] == "" {
				t.Errorf("the final warning carries no error: %v", l)
			}
		}
	}
	if !warned {
		t.Errorf("no final warning in %s", log.String())
	}
}

// Every device's tries and every message's devices have a time budget:
// a sender that never answers costs one try, then the budget ends them
// all. Counts are asserted, not durations.
func TestPushTimeBudgets(t *testing.T) {
	tests := []struct {
		name           string
		device, msg    time.Duration
		devices        int
		wantCalls      int
		wantFailed     int64
		wantEndedCause string
	}{
		{"device budget ends the retries", 20 * time.Millisecond, time.Hour, 1, 1, 1, "push: device time budget spent"},
		{"message budget ends the other devices", time.Hour, 20 * time.Millisecond, 3, 1, 3, "context deadline exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log logtest.Buffer
			var mu sync.Mutex
			calls := 0
			e := newEnv(t, nil)
			e.svc.Shutdown(context.Background()) // replace with a sender that hangs
			svc := push.New(push.Config{Secret: testSecret, Workers: 1, MaxAttempts: 5, Backoff: time.Millisecond,
				DeviceTimeout: tt.device, MessageTimeout: tt.msg, Log: zerolog.New(&log)}, e.store,
				senderFunc(func(ctx context.Context, token string, data map[string]string) error {
					mu.Lock()
					calls++
					mu.Unlock()
					<-ctx.Done()
					return &push.SendError{Retry: true, Err: ctx.Err()}
				}), nil, nil)
			t.Cleanup(func() { svc.Shutdown(context.Background()) })
			for i := range tt.devices {
				e.setToken(t, 3, "device-"+itoa(i))
			}
			e.intake = httptestServer(t, svc)
			r := loadRecorded(t, notifSimple)
			if status, out := e.post(t, r, "/", nil); status != http.StatusOK {
				t.Fatalf("intake %d %v", status, out)
			}
			st := waitStats(t, svc, func(s push.Stats) bool { return s.Failed == tt.wantFailed })
			mu.Lock()
			defer mu.Unlock()
			if calls != tt.wantCalls || st.Retried != 0 || st.Sent != 0 {
				t.Errorf("calls %d, stats %+v; want %d calls, no retry", calls, st, tt.wantCalls)
			}
			if !strings.Contains(log.String(), tt.wantEndedCause) {
				t.Errorf("log does not say %q:\n%s", tt.wantEndedCause, log.String())
			}
		})
	}
}

// At debug level an accepted notification, each send, a retry and a
// removed token are logged (issue 13 point 12: nothing was), naming the
// device by a hash prefix, never by its token, and never the text.
func TestPushDebugLog(t *testing.T) {
	const live, dead = "live-device-token-0123456789", "dead-device-token-9876543210"
	var log logtest.Buffer
	e := newEnv(t, func(c *push.Config) { c.Workers, c.Log = 1, zerolog.New(&log).Level(zerolog.DebugLevel) })
	e.setToken(t, 3, dead)
	e.setToken(t, 3, live)
	e.fcm.Script(live, fcmtest.Reply{Status: 500, ErrorCode: "INTERNAL"}, fcmtest.Reply{Status: 200})
	e.fcm.Script(dead, fcmtest.Reply{Status: 404, ErrorCode: "UNREGISTERED"})
	r := loadRecorded(t, notifSimple)
	e.post(t, r, r.Request.Path, nil)
	waitStats(t, e.svc, func(s push.Stats) bool { return s.Sent == 1 && s.TokensRemoved == 1 })

	seen := map[string]int{}
	for _, l := range log.Lines(t) {
		msg, _ := l["message"].(string)
		seen[msg]++
		if msg != "push: notification accepted" && msg != "push: stopped" {
			if d, _ := l["device"].(string); len(d) != 8 {
				t.Errorf("line without a device reference: %v", l)
			}
		}
	}
	for msg, n := range map[string]int{
		"push: notification accepted": 1, "push: sending": 3, "push: retrying": 1,
		"push: sent": 1, "push: device token removed": 1,
	} {
		if seen[msg] != n {
			t.Errorf("%q logged %d times, want %d; log:\n%s", msg, seen[msg], n, log.String())
		}
	}
	all := log.String()
	for _, secret := range []string{live, dead, "Push recording ticket", "Hi Roland"} {
		if strings.Contains(all, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}

// Intake refusals are counted (issue 13 point 12): OTRS does not send a
// refused notification again, so they are the only trace on our side.
func TestIntakeRefusalsCounted(t *testing.T) {
	e := newEnv(t, nil)
	r := loadRecorded(t, notifSimple)
	e.post(t, r, "/push/notification", map[string]string{push.SecretHeader: "wrong"})
	e.post(t, r, "/push/notification", map[string]string{push.SecretHeader: "wrong"})
	req, _ := http.NewRequest(http.MethodPost, e.intake.URL+"/push/event", strings.NewReader(`{"nothing":1}`))
	req.Header.Set(push.SecretHeader, testSecret)
	if st := status(t, req); st != http.StatusBadRequest {
		t.Errorf("a body that is neither notification nor event: %d, want 400", st)
	}
	st := e.svc.Stats()
	if st.Unauthorized != 2 || st.BadBody != 1 {
		t.Errorf("stats %+v, want 2 unauthorized and 1 bad body", st)
	}
	c := st.Counts()
	if c["refused_unauthorized"] != 2 || c["refused_body"] != 1 {
		t.Errorf("counts %v", c)
	}
}
