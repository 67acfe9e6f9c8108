package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/app"
	"github.com/rs4otrs/rs4otrs-proxy/config"
	"github.com/rs4otrs/rs4otrs-proxy/otrs/otrstest"
)

// TestChallengeSurvivesRestart: with RS4OTRS_CHALLENGE_SECRET unset, a
// proxy started again on the same data dir accepts the ChallengeToken the
// first start handed out (logout works); the key file is private.
func TestChallengeSurvivesRestart(t *testing.T) {
	_, otrs := otrstest.Start()
	defer otrs.Close()
	dataDir := t.TempDir()
	// As main does: the environment, with no RS4OTRS_CHALLENGE_SECRET.
	t.Setenv("RS4OTRS_CHALLENGE_SECRET", "")
	t.Setenv("RS4OTRS_OTRS_URL", otrs.URL+otrstest.StockWebservicePath)
	t.Setenv("RS4OTRS_DATA_DIR", dataDir)
	start := func() (base string, stop func()) {
		c, err := config.Load(false)
		if err != nil {
			t.Fatal(err)
		}
		a, err := app.New(context.Background(), c, zerolog.New(io.Discard))
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(a.Handler())
		return srv.URL + c.Prefix, func() { srv.Close(); a.Close() }
	}
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

	first, stop := start()
	login := call(first, "/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})
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
	out := call(second, "/auth/logout", map[string]any{"OTRSAgentInterface": login["SessionValue"], "ChallengeToken": login["ChallengeToken"]})
	if out["Message"] != "Logout successful." {
		t.Fatalf("logout after a restart: %v", out)
	}
}
