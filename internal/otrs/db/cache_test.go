package db_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/logtest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db/dbtest"
)

// writer opens the fixture database for writing, to break it.
func writer(t *testing.T, dsn string) *sql.DB {
	scheme, rest, _ := strings.Cut(dsn, "://")
	var w *sql.DB
	var err error
	if scheme == "mysql" {
		var mc *mysql.Config
		if mc, err = mysql.ParseDSN(rest); err == nil {
			w, err = sql.Open("mysql", mc.FormatDSN())
		}
	} else {
		w, err = sql.Open("pgx", dsn)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// TestOutageServesLastGoodCopy: once loaded, a catalog survives the
// database going away; the failure is logged.
func TestOutageServesLastGoodCopy(t *testing.T) {
	for _, v := range []dbtest.Variant{{Driver: "postgres", Naming: dbtest.Znuny}, {Driver: "mysql", Naming: dbtest.OTRS6}} {
		t.Run(v.String(), func(t *testing.T) {
			dsn := dbtest.Create(t, v, fakeotrs.NewStore())
			var logs logtest.Buffer
			c, err := db.Open(context.Background(), db.Config{DSN: dsn, TTL: time.Nanosecond, Log: zerolog.New(&logs)})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			ctx := context.Background()
			before, err := c.Queues(ctx)
			if err != nil || len(before) == 0 {
				t.Fatalf("cold load: %v, %d queues", err, len(before))
			}
			c.WaitRefresh()
			if _, err := writer(t, dsn).Exec("ALTER TABLE queue RENAME TO queue_gone"); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 2; i++ {
				got, err := c.Queues(ctx) // stale: serves the copy, refreshes in the background
				if err != nil || len(got) != len(before) {
					t.Fatalf("during outage: %v, %d queues, want %d", err, len(got), len(before))
				}
				c.WaitRefresh()
			}
			if !strings.Contains(logs.String(), "serving the last good copy") {
				t.Errorf("outage not logged; log:\n%s", logs.String())
			}
			if !strings.Contains(logs.String(), " database, ") || !strings.Contains(logs.String(), `"layout":"`) {
				t.Errorf("no start line naming the schema; log:\n%s", logs.String())
			}
		})
	}
}

// TestQueryCounts: a cold call costs the catalog's queries, a warm one
// none.
func TestQueryCounts(t *testing.T) {
	c := openCatalog(t, dbtest.Variant{Driver: "postgres", Naming: dbtest.Znuny}, time.Hour)
	ctx := context.Background()
	calls := []struct {
		name string
		call func() error
	}{
		{"Queues", func() error { _, err := c.Queues(ctx); return err }},
		{"Services", func() error { _, err := c.Services(ctx); return err }},
		{"CustomerServiceIDs", func() error { _, err := c.CustomerServiceIDs(ctx, "jdoe"); return err }},
		{"SLAs", func() error { _, err := c.SLAs(ctx); return err }},
		{"Types", func() error { _, err := c.Types(ctx); return err }},
		{"Priorities", func() error { _, err := c.Priorities(ctx); return err }},
		{"States", func() error { _, err := c.States(ctx); return err }},
		{"Agents", func() error { _, err := c.Agents(ctx); return err }},
		{"PermissionRows", func() error { _, err := c.PermissionRows(ctx); return err }},
		{"CustomerCompanies", func() error { _, err := c.CustomerCompanies(ctx); return err }},
		{"CustomerUsers", func() error { _, err := c.CustomerUsers(ctx); return err }},
		{"Languages", func() error { _, err := c.Languages(ctx); return err }},
		{"Settings", func() error { _, err := c.Settings(ctx); return err }},
		{"Packages", func() error { _, err := c.Packages(ctx); return err }},
		{"DynamicFields", func() error { _, err := c.DynamicFields(ctx); return err }},
	}
	for _, tc := range calls {
		n0 := c.Queries()
		if err := tc.call(); err != nil {
			t.Fatal(err)
		}
		cold := c.Queries() - n0
		if err := tc.call(); err != nil {
			t.Fatal(err)
		}
		warm := c.Queries() - n0 - cold
		t.Logf("%-18s cold %d queries, warm %d", tc.name, cold, warm)
		if cold == 0 || warm != 0 {
			t.Errorf("%s: cold %d, warm %d queries; want >0 and 0", tc.name, cold, warm)
		}
	}
}
