package api

import (
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

type nopSender struct{}

func (nopSender) Send(context.Context, string, map[string]string) error { return nil }

func newPushAPI(t *testing.T) *API {
	t.Helper()
	store, err := push.OpenBolt(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := push.New(push.Config{Log: zerolog.New(io.Discard)}, store, nopSender{}, nil, nil)
	t.Cleanup(func() {
		svc.Shutdown(context.Background())
		store.Close()
	})
	return &API{Push: svc}
}

func TestSetPushNotificationToken(t *testing.T) {
	cases := []struct {
		name    string
		noPush  bool
		params  Params
		wantErr string
	}{
		{"push not configured", true, Params{"Token": "abc"}, MsgMobileNotInstalled},
		{"missing token", false, Params{}, MsgTokenEmpty},
		{"empty token", false, Params{"Token": ""}, MsgTokenEmpty},
		{"blank token", false, Params{"Token": "  "}, MsgTokenEmpty},
		{"token", false, Params{"Token": "cEyZA21_jBA:APA91bH6Uf2SFvK0eyzCx"}, ""},
		{"token as GET list", false, Params{"Token": []string{"cEyZA21_jBA:APA91bH6Uf2SFvK0eyzCx"}}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := newPushAPI(t)
			if tc.noPush {
				a.Push = nil
			}
			r := &Request{Agent: &session.User{ID: 3}, Params: tc.params}
			ctx := context.Background()
			if a.NeedTokenUpdate(ctx, r) != 1 && !tc.noPush {
				t.Fatal("NeedTokenUpdate = 0 before any token")
			}
			out, err := a.SetPushNotificationToken(ctx, r)
			if tc.wantErr != "" {
				if err == nil || ClientMessage(err) != tc.wantErr {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := json.Marshal(out); string(b) != "{}" {
				t.Errorf("answer fields %s, want none", b)
			}
			if got := a.NeedTokenUpdate(ctx, r); got != 0 {
				t.Errorf("NeedTokenUpdate = %d after registering", got)
			}
		})
	}
}

// A device handed to another agent stops notifying the first one.
func TestPushTokenMovesBetweenAgents(t *testing.T) {
	a := newPushAPI(t)
	ctx := context.Background()
	ro := &Request{Agent: &session.User{ID: 3}, Params: Params{"Token": "device"}}
	full := &Request{Agent: &session.User{ID: 2}, Params: Params{"Token": "device"}}
	for _, r := range []*Request{ro, full} {
		if _, err := a.SetPushNotificationToken(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if a.NeedTokenUpdate(ctx, ro) != 1 || a.NeedTokenUpdate(ctx, full) != 0 {
		t.Errorf("NeedTokenUpdate ro=%d full=%d, want 1 and 0", a.NeedTokenUpdate(ctx, ro), a.NeedTokenUpdate(ctx, full))
	}
}
