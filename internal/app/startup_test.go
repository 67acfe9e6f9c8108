package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/fakeotrstest"
)

// An OTRS that does not answer at start gives a warning line, whatever
// the transport, and the proxy starts anyway (issue 13 point 11): with
// SOAP nothing was logged, only /readyz told.
func TestStartWarnsWhenOTRSUnreachable(t *testing.T) {
	// A port that was free a moment ago: connections are refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	_, srv := fakeotrstest.Start(t)
	live := srv.URL

	tests := []struct {
		name, base, transport, path string
		warn                        bool
	}{
		{"soap, unreachable", dead, "soap", fakeotrs.SOAPWebservicePath, true},
		{"rest, unreachable", dead, "rest", fakeotrs.StockWebservicePath, true},
		{"soap, answering", live, "soap", fakeotrs.SOAPWebservicePath, false},
		{"rest, answering", live, "rest", fakeotrs.StockWebservicePath, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Defaults()
			c.OTRSURL, c.OTRSTransport = tt.base+tt.path, tt.transport
			c.ChallengeSecret, c.DataDir = "test-secret", t.TempDir()
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			a, err := app.New(context.Background(), &c, zerolog.New(&buf))
			if err != nil {
				t.Fatalf("the proxy must start anyway: %v", err)
			}
			defer a.Close()
			warned := false
			for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
				var l map[string]any
				if line == "" || json.Unmarshal([]byte(line), &l) != nil {
					continue
				}
				msg, _ := l["message"].(string)
				errText, _ := l["error"].(string)
				if l["level"] == "warn" && strings.Contains(msg, "OTRS") && strings.Contains(errText, "refused") {
					warned = true
				}
			}
			if warned != tt.warn {
				t.Errorf("warned %v, want %v; log:\n%s", warned, tt.warn, buf.String())
			}
		})
	}
}
