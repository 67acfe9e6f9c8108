package app_test

import (
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/fakeotrstest"
)

// TestReplicasShareNothing starts two proxies in front of one OTRS, as two
// replicas or a restart would be: a login made through one works through
// the other, and the other accepts its ChallengeToken for the logout.
func TestReplicasShareNothing(t *testing.T) {
	_, otrs := fakeotrstest.Start(t)
	defer otrs.Close()
	replica := func() *apptest.Env { return apptest.Front(t, otrs.URL+fakeotrs.StockWebservicePath, nil) }
	one, two := replica(), replica()
	login := one.CallJSON("/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})
	token, _ := login["SessionValue"].(string)
	if token == "" {
		t.Fatalf("login: %v", login)
	}
	list := two.CallJSON("/tickets/getTicketList", map[string]any{"OTRSAgentInterface": token, "Count": 1})
	if list["Response"] != "OK" {
		t.Fatalf("the second replica refused the first one's token: %v", list)
	}
	out := two.CallJSON("/auth/logout", map[string]any{"OTRSAgentInterface": token, "ChallengeToken": login["ChallengeToken"]})
	if out["Message"] != "Logout successful." {
		t.Fatalf("logout through the second replica: %v", out)
	}
}
