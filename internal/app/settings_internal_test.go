package app

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// Where the GI URL names no nph-genericinterface.pl (a reverse proxy's
// own path), the agent interface is index.pl under OTRS's ScriptAlias.
func TestScriptAliasURL(t *testing.T) {
	tests := []struct{ gi, alias, want string }{
		{"https://otrs.example.com/api/ws", "otobo/", "https://otrs.example.com/otobo/index.pl"},
		{"http://127.0.0.1:8082/x", "/znuny/", "http://127.0.0.1:8082/znuny/index.pl"},
	}
	for _, tt := range tests {
		if got, err := scriptAliasURL(tt.gi, tt.alias); err != nil || got != tt.want {
			t.Errorf("scriptAliasURL(%q, %q) = %q, %v; want %q", tt.gi, tt.alias, got, err, tt.want)
		}
	}
	if _, err := scriptAliasURL("not a url", "otrs/"); err == nil {
		t.Error("no error for a GI URL without a host")
	}
}

// An agent interface outside ScriptAlias is said once (real2/znuny70:
// the database says znuny/, Config.pm serves otrs/); a matching one, or
// settings OTRS did not give, are not.
func TestCheckWebPath(t *testing.T) {
	tests := []struct {
		name, url, alias string
		read, said       bool
	}{
		{"Znuny 7 with a Config.pm override", "http://h/otrs/index.pl", "znuny/", true, true},
		{"as deployed", "http://h/otrs/index.pl", "otrs/", true, false},
		{"defaults only", "http://h/otrs/index.pl", "znuny/", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			s := system{settings: otrs.Settings{ScriptAlias: tt.alias}, read: tt.read}
			s.checkWebPath(tt.url, zerolog.New(&buf))
			if said := strings.Contains(buf.String(), "not under OTRS's SysConfig ScriptAlias"); said != tt.said {
				t.Errorf("said %v, want %v: %s", said, tt.said, buf.String())
			}
		})
	}
}
