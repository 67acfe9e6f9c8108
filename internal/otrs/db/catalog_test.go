package db_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/catalogtest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db/dbtest"
)

// openCatalog creates a fixture database for v and opens the catalog on it.
func openCatalog(tb testing.TB, v dbtest.Variant, ttl time.Duration) *db.Catalog {
	tb.Helper()
	store := catalogtest.NewStore()
	dsn := dbtest.Create(tb, v, store)
	c, err := db.Open(context.Background(), db.Config{DSN: dsn, TTL: ttl, Log: zerolog.New(io.Discard)})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

func TestCatalog(t *testing.T) {
	for _, v := range dbtest.Variants {
		t.Run(v.String(), func(t *testing.T) {
			c := openCatalog(t, v, time.Hour)
			wantTable := map[dbtest.Naming]string{dbtest.OTRS6: "groups", dbtest.Znuny: "permission_groups"}[v.Naming]
			if s := c.Schema(); s.GroupsTable != wantTable || s.GroupUserValue != (v.Naming == dbtest.OTRS6) || s.Driver != v.Driver {
				t.Errorf("detected %+v", s)
			}
			catalogtest.Run(t, c, catalogtest.NewStore())
		})
	}
}
