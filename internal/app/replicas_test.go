package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/fakeotrstest"
)

// TestReplicasShareNothing starts two proxies in front of one OTRS, as two
// replicas or a restart would be: a login made through one works through
// the other, and the other accepts its ChallengeToken for the logout.
func TestReplicasShareNothing(t *testing.T) {
	_, otrs := fakeotrstest.Start(t)
	defer otrs.Close()
	replica := func() string {
		c := config.Defaults()
		c.OTRSURL = otrs.URL + fakeotrs.StockWebservicePath
		c.ChallengeSecret = "shared-by-every-replica"
		c.DataDir = t.TempDir()
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
		a, err := app.New(context.Background(), &c, zerolog.New(io.Discard))
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(a.Handler())
		t.Cleanup(func() { srv.Close(); a.Close() })
		return srv.URL + c.Prefix
	}
	one, two := replica(), replica()
	call := func(base, path string, params map[string]any) map[string]any {
		body, _ := json.Marshal(params)
		resp, err := http.Post(base+path, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	login := call(one, "/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})
	token, _ := login["SessionValue"].(string)
	if token == "" {
		t.Fatalf("login: %v", login)
	}
	list := call(two, "/tickets/getTicketList", map[string]any{"OTRSAgentInterface": token, "Count": 1})
	if list["Response"] != "OK" {
		t.Fatalf("the second replica refused the first one's token: %v", list)
	}
	out := call(two, "/auth/logout", map[string]any{"OTRSAgentInterface": token, "ChallengeToken": login["ChallengeToken"]})
	if out["Message"] != "Logout successful." {
		t.Fatalf("logout through the second replica: %v", out)
	}
}
