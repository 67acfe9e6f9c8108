package app_test

import (
	"net/http"
	"strings"
	"testing"

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
