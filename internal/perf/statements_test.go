package perf_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db/dbtest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perf"
)

const statementsFile = "testdata/statements.txt"

// TestStatements counts the SQL statements each method costs OTRS's
// database (the catalog, RS4OTRS_DB_DSN, on PostgreSQL with Znuny's
// schema): on a proxy just started (cold catalog cache, token not yet
// validated) and on the call after (warm). testdata/statements.txt is the
// table (go test -update rewrites it).
func TestStatements(t *testing.T) {
	dbtest.Skip(t)
	seed := fakeotrs.NewStore()
	seed.Lock(func(s *fakeotrs.Store) { s.SetUpArchiving() })
	dsn := dbtest.Create(t, dbtest.Variant{Driver: "postgres", Naming: dbtest.Znuny}, seed)
	lines := make([]string, len(perf.Methods))
	t.Run("methods", func(t *testing.T) {
		for i, m := range perf.Methods {
			t.Run(strings.TrimPrefix(m.Path, "/"), func(t *testing.T) {
				t.Parallel()
				lines[i] = statements(t, m, dsn)
			})
		}
	})
	compareTable(t, statementsFile, "# method | statements cold | statements warm (go test -update rewrites this file)\n"+
		strings.Join(lines, "\n")+"\n")
}

func statements(t *testing.T, m perf.Method, dsn string) string {
	ctx := context.Background()
	env := apptest.Start(t, func(c *config.Config) { c.DBDSN = dsn })
	cat, ok := env.App.API.Catalog.(*db.Catalog)
	if !ok {
		t.Fatalf("catalog %T, want the SQL one", env.App.API.Catalog)
	}
	f, err := perf.NewFixture(ctx, env.App, env.URL)
	if err != nil {
		t.Fatal(err)
	}
	// The database holds the seed, not what the fake wrote since: the
	// calls work on seeded ticket 5 and its first article.
	f.Ticket = 5
	// Its service becomes the work ticket's, for which both SLAs
	// updateSLA alternates are valid (the catalog reads service_sla).
	env.Store.Lock(func(s *fakeotrs.Store) {
		t := s.TicketByID(5)
		f.Article, t.ServiceID = t.Articles[0].ID, 2
	})
	if m.Path == "/customers/createCustomerUser" {
		// It finds the customer user it made through the catalog, which
		// here is not the fake's.
		return m.Path + " | n/a | n/a"
	}
	var counts []int64
	for range 2 {
		var tok string
		if !m.Open {
			if tok, err = f.NewSession(ctx); err != nil {
				t.Fatal(err)
			}
		}
		before := cat.Queries()
		if err := f.Call(ctx, m, tok); err != nil {
			t.Fatal(err)
		}
		counts = append(counts, cat.Queries()-before)
	}
	return fmt.Sprintf("%s | %d | %d", m.Path, counts[0], counts[1])
}
