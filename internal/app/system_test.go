package app_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/fakeotrstest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/logtest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db/dbtest"
)

// The proxy learns the OTRS it serves from its database (issue 18): the
// product, version and layout on /readyz and in the start-up log, and the
// session name it speaks to OTRS and takes the token under, unless
// RS4OTRS_SESSION_NAME is set, which wins with one warning when OTRS has
// another. On main the OTOBO database was refused at start and the session
// name was always RS4OTRS_SESSION_NAME's default.
func TestSystemLearntFromDatabase(t *testing.T) {
	dbtest.Skip(t)
	_, srv := fakeotrstest.Start(t)
	tests := []struct {
		name     string
		layout   dbtest.Variant
		explicit string
		// want is /readyz's system object.
		want    map[string]string
		warned  bool
		loginOK bool
	}{
		{"Znuny 7, OTRS's session name", dbtest.Layouts[2], "",
			map[string]string{"product": "Znuny", "version": "7", "layout": "permission_groups", "session_name": "OTRSAgentInterface"}, false, true},
		{"OTRS 6, the setting equal to OTRS's", dbtest.Layouts[0], "OTRSAgentInterface",
			map[string]string{"product": "OTRS", "version": "6", "layout": "groups", "session_name": "OTRSAgentInterface"}, false, true},
		// The fake speaks Znuny's agent interface: under OTOBO's name the
		// login finds no session cookie, which is what a mismatch costs.
		{"OTOBO 11, OTOBO's session name", dbtest.Layouts[3], "",
			map[string]string{"product": "OTOBO", "version": "11", "layout": "groups_table", "session_name": "OTOBOAgentInterface"}, false, false},
		{"OTOBO 11, the setting wins", dbtest.Layouts[3], "OTRSAgentInterface",
			map[string]string{"product": "OTOBO", "version": "11", "layout": "groups_table", "session_name": "OTRSAgentInterface"}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsn := dbtest.Create(t, tt.layout, fakeotrs.NewStore())
			var log logtest.Buffer
			env := apptest.Front(t, srv.URL+fakeotrs.StockWebservicePath, &log, func(c *config.Config) {
				c.DBDSN, c.SessionName, c.OTRSRoutes = dsn, tt.explicit, "stock"
			})
			var ready struct{ System map[string]string }
			if status := env.GetJSON("/readyz", &ready); status != 200 {
				t.Fatalf("/readyz %d", status)
			}
			if g, w := canonical(ready.System), canonical(tt.want); g != w {
				t.Errorf("/readyz system %s, want %s", g, w)
			}
			logs := log.String()
			if !strings.Contains(logs, `"product":"`+tt.want["product"]+`","version":"`+tt.want["version"]+`","layout":"`+tt.want["layout"]+`"`) {
				t.Errorf("no start-up line with product, version and layout:\n%s", logs)
			}
			if n := strings.Count(logs, "differs from OTRS's SysConfig SessionName"); n != map[bool]int{true: 1, false: 0}[tt.warned] {
				t.Errorf("%d mismatch warnings, want warned=%v", n, tt.warned)
			}
			out := env.CallJSON("/auth/login", map[string]any{"User": "demo", "Password": "demo"})
			if (out["Response"] == "OK") != tt.loginOK {
				t.Fatalf("login: %v", out)
			}
			if tt.loginOK && out["SessionName"] != tt.want["session_name"] {
				t.Errorf("login SessionName %v, want %s", out["SessionName"], tt.want["session_name"])
			}
		})
	}
}

func canonical(m map[string]string) string {
	b, _ := json.Marshal(m)
	return string(b)
}
