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
	login := one.LoginAnswer("agent.full", "AgentFull123!")
	list := two.CallJSON("/tickets/getTicketList", two.As(login["SessionValue"].(string), map[string]any{"Count": 1}))
	if list["Response"] != "OK" {
		t.Fatalf("the second replica refused the first one's token: %v", list)
	}
	two.Logout(login)
}
