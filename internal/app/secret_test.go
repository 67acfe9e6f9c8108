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
	login := first.CallJSON("/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})
	stop()
	if login["Response"] != "OK" {
		t.Fatalf("login: %v", login)
	}
	fi, err := os.Stat(filepath.Join(dataDir, "challenge-secret"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("challenge-secret mode %v, want 0600", fi.Mode().Perm())
	}

	second, stop := start()
	defer stop()
	out := second.CallJSON("/auth/logout", map[string]any{"OTRSAgentInterface": login["SessionValue"], "ChallengeToken": login["ChallengeToken"]})
	if out["Message"] != "Logout successful." {
		t.Fatalf("logout after a restart: %v", out)
	}
}
