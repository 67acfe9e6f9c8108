package db_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/catalogtest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db/dbtest"
)

// openCatalog creates a fixture database for v and opens the catalog on it.
func openCatalog(tb testing.TB, v dbtest.Variant, ttl time.Duration) *db.Catalog {
	tb.Helper()
	return dbtest.Catalog(tb, dbtest.Create(tb, v, catalogtest.NewStore()), ttl)
}

// TestCatalog runs the catalog suite on every layout, each on PostgreSQL
// and on MariaDB (the recorded systems ran on one of them each; the
// products support both).
func TestCatalog(t *testing.T) {
	var all []dbtest.Variant
	for _, n := range []dbtest.Naming{dbtest.OTRS6, dbtest.OTRS60, dbtest.Znuny, dbtest.Znuny7, dbtest.OTOBO} {
		all = append(all, dbtest.Variant{Driver: "postgres", Naming: n}, dbtest.Variant{Driver: "mysql", Naming: n})
	}
	for _, v := range all {
		t.Run(v.String(), func(t *testing.T) {
			c := openCatalog(t, v, time.Hour)
			wantTable := map[dbtest.Naming]string{dbtest.OTRS6: "groups", dbtest.OTRS60: "groups", dbtest.Znuny: "permission_groups",
				dbtest.Znuny7: "permission_groups", dbtest.OTOBO: "groups_table"}[v.Naming]
			if s := c.Schema(); s.GroupsTable != wantTable || s.GroupUserValue != (v.Naming == dbtest.OTRS6) || s.Driver != v.Driver {
				t.Errorf("detected %+v", s)
			}
			catalogtest.Run(t, c, catalogtest.NewStore())
		})
	}
}

// TestDetect opens the catalog on the layout of each recorded system and
// checks the product, version, layout and settings it reads from there.
func TestDetect(t *testing.T) {
	tests := []struct {
		v           dbtest.Variant
		product     otrs.Product
		layout      string
		sessionName string
		scriptAlias string
		ownerReset  bool
	}{
		{dbtest.Layouts[0], otrs.Product{Name: otrs.OTRS, Version: "6"}, "groups", "OTRSAgentInterface", "otrs/", false},
		{dbtest.Layouts[1], otrs.Product{Name: otrs.Znuny, Version: "6"}, "permission_groups", "OTRSAgentInterface", "otrs/", false},
		{dbtest.Layouts[2], otrs.Product{Name: otrs.Znuny, Version: "7"}, "permission_groups", "OTRSAgentInterface", "znuny/", false},
		{dbtest.Layouts[3], otrs.Product{Name: otrs.OTOBO, Version: "11"}, "groups_table", "OTOBOAgentInterface", "otobo/", true},
	}
	for _, tt := range tests {
		t.Run(tt.v.String(), func(t *testing.T) {
			c := openCatalog(t, tt.v, time.Hour)
			if s := c.Schema(); s.Product != tt.product || s.Layout() != tt.layout {
				t.Errorf("detected %v, layout %s; want %v, %s", s.Product, s.Layout(), tt.product, tt.layout)
			}
			s, err := c.Settings(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			// The store deploys Ticket::Type (catalogtest.NewStore);
			// the rest are each line's shipped values.
			want := otrs.Settings{Product: tt.product, TypeEnabled: true, DefaultType: "Unclassified", PendingDiffTime: 24 * time.Hour,
				SessionName: tt.sessionName, ScriptAlias: tt.scriptAlias, OwnerResetOnUnlock: tt.ownerReset}
			if s != want {
				t.Errorf("settings\n got %+v\nwant %+v", s, want)
			}
		})
	}
}

// TestDetectRefuses: a database without the groups or group_user table
// fits no layout, and Open says so.
func TestDetectRefuses(t *testing.T) {
	for _, drop := range []string{"group_user", "groups_table"} {
		t.Run(drop, func(t *testing.T) {
			dsn := dbtest.Create(t, dbtest.Layouts[3], catalogtest.NewStore())
			dbtest.Exec(t, dsn, "DROP TABLE "+drop)
			c, err := db.Open(context.Background(), db.Config{DSN: dsn, Log: zerolog.New(io.Discard)})
			if err == nil {
				c.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), "no OTRS groups table (permission_groups, groups_table, groups) or no group_user") {
				t.Errorf("error %q", err)
			}
		})
	}
}
