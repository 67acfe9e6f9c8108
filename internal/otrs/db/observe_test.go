package db_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db/dbtest"
)

// TestObserveStatements: every statement is reported by name (never its
// SQL), a broken one with its error; the cache reports a cold read as a
// miss and a warm one as a hit; Age grows from the first load (issue 17).
func TestObserveStatements(t *testing.T) {
	dbtest.Skip(t)
	dsn := dbtest.Create(t, dbtest.Variant{Driver: "postgres", Naming: dbtest.Znuny}, fakeotrs.NewStore())
	var mu sync.Mutex
	var seen []string
	var hits []bool
	c, err := db.Open(context.Background(), db.Config{DSN: dsn, TTL: time.Hour, Log: zerolog.Nop(),
		Observe: func(_ context.Context, statement string, d time.Duration, err error) {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, statement+"/"+map[bool]string{true: "ok", false: "error"}[err == nil])
			if d <= 0 {
				t.Errorf("%s: duration %v", statement, d)
			}
		},
		OnCache: func(hit bool) { mu.Lock(); hits = append(hits, hit); mu.Unlock() },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Age() != 0 {
		t.Errorf("Age before any load = %v", c.Age())
	}
	ctx := context.Background()
	for range 2 {
		if _, err := c.Queues(ctx); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(2 * time.Millisecond)
	if c.Age() <= 0 {
		t.Errorf("Age after a load = %v", c.Age())
	}
	writer(t, dsn).Exec("ALTER TABLE service RENAME TO service_gone")
	if _, err := c.Services(ctx); err == nil {
		t.Fatal("Services: no error without its table")
	}
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(seen, " "); got != "queues/ok services/error" {
		t.Errorf("statements observed: %q", got)
	}
	if len(hits) != 3 || hits[0] || !hits[1] || hits[2] {
		t.Errorf("cache hits %v, want [false true false]", hits)
	}
}
