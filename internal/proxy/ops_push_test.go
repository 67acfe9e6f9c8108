package proxy_test

import (
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
)

// TestMetricsPush shows the push service's queue and counts on /metrics
// (demo mode runs push with a log-only sender).
func TestMetricsPush(t *testing.T) {
	env := apptest.Start(t)
	tok := env.Login("demo", "demo")
	env.CallJSON("/settings/setPushNotificationToken", env.As(tok, map[string]any{"Token": "device-1"}))
	_, b := env.Get("/metrics")
	for _, want := range []string{"rs4otrs_push_queue_depth 0", `rs4otrs_push_messages_total{result="sent"} 0`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(string(b), "device-1") {
		t.Error("/metrics shows a device token")
	}
}
