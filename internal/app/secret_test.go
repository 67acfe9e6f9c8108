package app_test

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
	defer otrs.Close()
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
