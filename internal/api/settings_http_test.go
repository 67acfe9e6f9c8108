package api_test

import (
	"context"
	"io"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
)

type nopSender struct{}

func (nopSender) Send(context.Context, string, map[string]string) error { return nil }

// setPushNotificationToken through the proxy in front of the fake OTRS.
func TestSetPushNotificationTokenHTTP(t *testing.T) {
	const path = "/settings/setPushNotificationToken"
	env := apptest.Start(t)
	tok := env.Login(fakeotrs.DemoLogin, fakeotrs.DemoPassword)

	// Push not configured (no FCM credentials): the original without
	// RS4OTRS_Mobile. Demo mode has push on, so switch it off here.
	env.App.API.Push = nil
	_, b := env.Call(path, env.As(tok, map[string]any{"Token": "device"}))
	apptest.Golden(t, "setPushNotificationToken-not-configured", b)

	store, err := push.OpenBolt(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := push.New(push.Config{Log: zerolog.New(io.Discard)}, store, nopSender{}, nil, nil)
	t.Cleanup(func() { svc.Shutdown(context.Background()); store.Close() })
	env.App.API.Push = svc

	cases := []struct {
		name   string
		params map[string]any
	}{
		{"empty", env.As(tok, map[string]any{"Token": ""})},
		{"missing", env.As(tok, map[string]any{})},
		{"no-session", map[string]any{"Token": "device"}},
		{"ok", env.As(tok, map[string]any{"Token": "cEyZA21_jBA:APA91bH6Uf2SFvK0eyzCx"})},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, b := env.Call(path, tc.params)
			apptest.Golden(t, "setPushNotificationToken-"+tc.name, b)
		})
	}
	if svc.NeedTokenUpdate(context.Background(), 4) { // demo is agent 4
		t.Error("the token was not stored for the demo agent")
	}
	// getTicketList stops asking for a token once one is registered.
	list := env.CallJSON("/tickets/getTicketList", env.As(tok, map[string]any{"Count": 1}))
	if list["NeedTokenUpdate"] != float64(0) {
		t.Errorf("NeedTokenUpdate after registering = %v, want 0", list["NeedTokenUpdate"])
	}
	other := env.Login("agent.full", "AgentFull123!")
	list = env.CallJSON("/tickets/getTicketList", env.As(other, map[string]any{"Count": 1}))
	if list["NeedTokenUpdate"] != float64(1) {
		t.Errorf("NeedTokenUpdate without a token = %v, want 1", list["NeedTokenUpdate"])
	}
}
