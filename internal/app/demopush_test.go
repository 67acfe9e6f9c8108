package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
)

// Demo mode honours RS4OTRS_PUSH_SECRET (issue 13 point 10): it used to
// set the intake secret to "demo" whatever was configured.
func TestDemoPushSecret(t *testing.T) {
	const body = `{"NotificationSubject":"s","NotificationPlainBody":"b","TicketID":2,"Recipient":{"UserID":4,"Type":"Agent"}}`
	tests := []struct {
		name       string
		configured string // RS4OTRS_PUSH_SECRET
		sent       string // X-Proxy-Secret
		want       int
		wantDemo   string // App.DemoPushSecret, for the banner
	}{
		{"unset: demo is the secret", "", "demo", http.StatusOK, "demo"},
		{"unset: another secret refused", "", "s3cret", http.StatusUnauthorized, "demo"},
		{"set: the configured secret works", "s3cret", "s3cret", http.StatusOK, ""},
		{"set: demo no longer opens the intake", "s3cret", "demo", http.StatusUnauthorized, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := apptest.Start(t, func(c *config.Config) { c.PushSecret = tt.configured })
			if env.App.DemoPushSecret != tt.wantDemo {
				t.Errorf("DemoPushSecret = %q, want %q", env.App.DemoPushSecret, tt.wantDemo)
			}
			req, err := http.NewRequest(http.MethodPost, env.Server.URL+"/push/notification", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set(push.SecretHeader, tt.sent)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("intake answered %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
}

// Push says at start that it is on, with what it sends through and where
// it keeps the tokens, and /metrics counts the intake calls it refused
// (issue 13 point 12: nothing said push was on, and a refused
// notification, which OTRS does not send again, left no trace).
func TestPushStartLineAndRefusalMetrics(t *testing.T) {
	c := config.Defaults()
	c.Listen, c.ChallengeSecret, c.DataDir, c.DemoMode, c.Metrics = "127.0.0.1:0", "test-secret", t.TempDir(), true, true
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	env := apptest.Serve(t, &c, zerolog.New(&log))
	var on map[string]any
	for _, line := range strings.Split(log.String(), "\n") {
		var l map[string]any
		if json.Unmarshal([]byte(line), &l) == nil && l["message"] == "push: on; intake at /push/notification and /push/event" {
			on = l
		}
	}
	if on == nil || on["level"] != "info" || on["sender"] != "log (demo mode)" || on["store"] != "bbolt (temporary)" {
		t.Errorf("start-up line %v in:\n%s", on, log.String())
	}

	for _, secret := range []string{"wrong", "", "demo!"} {
		req, _ := http.NewRequest(http.MethodPost, env.Server.URL+"/push/notification", strings.NewReader(`{}`))
		req.Header.Set(push.SecretHeader, secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	_, b := env.Get("/metrics")
	if want := `rs4otrs_push_messages_total{result="refused_unauthorized"} 3`; !strings.Contains(string(b), want) {
		t.Errorf("/metrics lacks %s", want)
	}
}
