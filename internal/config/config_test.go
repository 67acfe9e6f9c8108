package config

import (
	"strings"
	"testing"
)

func TestLoadDefaults(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:8080" || c.SessionName != "OTRSAgentInterface" || c.Prefix != "/otrs/api" || !c.Demo() {
		t.Errorf("defaults: %+v", c)
	}
	if c.ChallengeSecret != "" {
		t.Errorf("challenge secret set by default: app keeps a generated one in DataDir")
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	t.Setenv("RS4OTRS_LISTEN", "nonsense")
	t.Setenv("RS4OTRS_OTRS_URL", "ftp://x")
	t.Setenv("RS4OTRS_OTRS_ROUTES", "mine")
	t.Setenv("RS4OTRS_LOG_LEVEL", "loud")
	t.Setenv("RS4OTRS_BODY_LIMIT", "lots")
	t.Setenv("RS4OTRS_SERVER_TIME_ZONE", "Mars/Olympus")
	_, err := Load()
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	for _, name := range []string{"RS4OTRS_LISTEN", "RS4OTRS_OTRS_URL", "RS4OTRS_OTRS_ROUTES", "RS4OTRS_LOG_LEVEL", "RS4OTRS_BODY_LIMIT", "RS4OTRS_SERVER_TIME_ZONE"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s:\n%v", name, err)
		}
	}
}

func TestLoadBadType(t *testing.T) {
	t.Setenv("RS4OTRS_RETRIES", "many")
	_, err := Load()
	if err == nil || !strings.Contains(err.Error(), "RS4OTRS_RETRIES") {
		t.Fatalf("err = %v, want one naming RS4OTRS_RETRIES", err)
	}
}

func TestDefaultsIgnoreTheEnvironment(t *testing.T) {
	t.Setenv("RS4OTRS_OTRS_URL", "http://otrs.example")
	c := Defaults()
	if !c.Demo() || c.PushWorkers != 4 || c.CatalogTTL == 0 {
		t.Errorf("Defaults() = %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("the defaults do not validate: %v", err)
	}
}
