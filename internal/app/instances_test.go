package app_test

// Tests of what one proxy instance hands out and another honours: the
// replicas behind one load balancer, and a proxy restarted on its data dir.

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/fakeotrstest"
)

// TestChallengeSurvivesRestart: with RS4OTRS_CHALLENGE_SECRET unset, a
// proxy started again on the same data dir accepts the ChallengeToken the
// first start handed out (logout works); the key file is private.
func TestChallengeSurvivesRestart(t *testing.T) {
	_, otrs := fakeotrstest.Start(t)
	dataDir := t.TempDir()
	// As main does: the environment, with no RS4OTRS_CHALLENGE_SECRET.
	t.Setenv("RS4OTRS_CHALLENGE_SECRET", "")
	t.Setenv("RS4OTRS_OTRS_URL", otrs.URL+fakeotrs.StockWebservicePath)
	t.Setenv("RS4OTRS_DATA_DIR", dataDir)
	start := func() (e *apptest.Env, stop func()) {
		c, err := config.Load(false)
		if err != nil {
			t.Fatal(err)
		}
		e = apptest.Serve(t, c, zerolog.New(io.Discard))
		return e, e.Close
	}
	first, stop := start()
	login := first.LoginAnswer("agent.full", "AgentFull123!")
	stop()
	fi, err := os.Stat(filepath.Join(dataDir, "challenge-secret"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("challenge-secret mode %v, want 0600", fi.Mode().Perm())
	}

	second, stop := start()
	defer stop()
	second.Logout(login) // the restarted proxy takes the first one's ChallengeToken
}

// TestReplicasShareNothing starts two proxies in front of one OTRS, as two
// replicas or a restart would be: a login made through one works through
// the other, and the other accepts its ChallengeToken for the logout.
func TestReplicasShareNothing(t *testing.T) {
	_, otrs := fakeotrstest.Start(t)
	replica := func() *apptest.Env { return apptest.Front(t, otrs.URL+fakeotrs.StockWebservicePath, nil) }
	one, two := replica(), replica()
	login := one.LoginAnswer("agent.full", "AgentFull123!")
	list := two.CallJSON("/tickets/getTicketList", two.As(login["SessionValue"].(string), map[string]any{"Count": 1}))
	if list["Response"] != "OK" {
		t.Fatalf("the second replica refused the first one's token: %v", list)
	}
	two.Logout(login)
}
