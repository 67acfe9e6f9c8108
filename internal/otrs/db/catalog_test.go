package db_test

import (
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/catalogtest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db/dbtest"
)

// openCatalog creates a fixture database for v and opens the catalog on it.
func openCatalog(tb testing.TB, v dbtest.Variant, ttl time.Duration) *db.Catalog {
	tb.Helper()
	return dbtest.Catalog(tb, dbtest.Create(tb, v, catalogtest.NewStore()), ttl)
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
