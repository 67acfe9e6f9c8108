// Package db is the read-only OTRS catalog over OTRS's own database
// (PostgreSQL through pgx, MySQL/MariaDB through go-sql-driver/mysql). It
// only ever runs SELECTs (on PostgreSQL the connections are read-only as
// well), caches every catalog for a TTL, refreshes it in the background
// and serves the last good copy while the database is away.
//
// DSN formats (RS4OTRS_DB_DSN):
//
//	postgres://user:password@host:5432/otrs?sslmode=disable   (or postgresql://, any pgx URL)
//	mysql://user:password@tcp(host:3306)/otrs                  (or mariadb://; the rest is a go-sql-driver DSN)
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// Config configures a Catalog.
type Config struct {
	// DSN selects the driver by its scheme (see the package comment).
	DSN string
	// TTL is how long a catalog is served without asking the database
	// (default 5m); after it, the next call gets the cached copy and
	// triggers a background refresh.
	TTL time.Duration
	// QueryTimeout bounds each load (default 10s).
	QueryTimeout time.Duration
	// MaxConns bounds the pool (default 4).
	MaxConns int
	Log      zerolog.Logger
	// Observe, when set, is told about every statement once its rows are
	// read (metrics, debug log): its name (what it reads, never its SQL
	// or parameters), and the error, if any. ctx is the caller's, or the
	// background refresh's.
	Observe func(ctx context.Context, statement string, d time.Duration, err error)
	// OnCache, when set, is told whether each catalog read was served
	// from the cache (hit) or had to wait for the database (miss).
	OnCache func(hit bool)
}

// Schema is what Open found in the database.
type Schema struct {
	// Driver is "postgres" or "mysql".
	Driver string
	// GroupsTable is "permission_groups" (Znuny 6.4+, 7), "groups_table"
	// (OTOBO 11: real2/otobo11/db/12) or "groups" (OTRS 6.0:
	// real2/otrs60/db/12).
	GroupsTable string
	// GroupUserValue is set when group_user still has permission_value,
	// which no recorded system has (real2/*/db/13); rows with 0 then
	// grant nothing.
	GroupUserValue bool
	// Product is the OTRS line the database belongs to (detect.go).
	Product otrs.Product
}

// Layout names the table layout in a word or two: the groups table and,
// where present, group_user.permission_value.
func (s Schema) Layout() string {
	if s.GroupUserValue {
		return s.GroupsTable + "+permission_value"
	}
	return s.GroupsTable
}

// Catalog reads OTRS's catalog tables. It is safe for concurrent use.
type Catalog struct {
	db      *sql.DB
	schema  Schema
	cfg     Config
	queries atomic.Int64

	mu      sync.Mutex
	entries map[string]*entry
	closed  chan struct{}
	wg      sync.WaitGroup
}

// ErrDSN reports a DSN whose scheme names no supported database.
var ErrDSN = errors.New("database DSN must start with postgres://, postgresql://, mysql:// or mariadb://")

// Open connects, detects the schema and the product (detect.go) and logs
// them in one line. It fails if the database cannot be reached or fits no
// known OTRS layout.
func Open(ctx context.Context, cfg Config) (*Catalog, error) {
	if cfg.TTL <= 0 {
		cfg.TTL = 5 * time.Minute
	}
	if cfg.QueryTimeout <= 0 {
		cfg.QueryTimeout = 10 * time.Second
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 4
	}
	db, driver, err := openDB(cfg.DSN)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(cfg.MaxConns)
	db.SetMaxIdleConns(cfg.MaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	c := &Catalog{db: db, cfg: cfg, entries: map[string]*entry{}, closed: make(chan struct{})}
	c.schema.Driver = driver
	dctx, cancel := context.WithTimeout(ctx, cfg.QueryTimeout)
	defer cancel()
	version, err := c.detect(dctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	cfg.Log.Info().Str("driver", driver).Str("server", version).Str("product", c.schema.Product.Name).
		Str("version", c.schema.Product.Version).Str("layout", c.schema.Layout()).
		Msgf("catalog: %s database, %s layout", c.schema.Product, c.schema.Layout())
	return c, nil
}

func openDB(dsn string) (*sql.DB, string, error) {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return nil, "", ErrDSN
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		pc, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, "", fmt.Errorf("database DSN: %w", err)
		}
		// Belt and braces: the catalog never writes, and the server
		// refuses it too.
		pc.RuntimeParams["default_transaction_read_only"] = "on"
		pc.RuntimeParams["application_name"] = "rs4otrs-proxy"
		return stdlib.OpenDB(*pc), "postgres", nil
	case "mysql", "mariadb":
		mc, err := mysql.ParseDSN(rest)
		if err != nil {
			return nil, "", fmt.Errorf("database DSN: %w", err)
		}
		mc.ParseTime = true
		mc.Loc = time.UTC
		conn, err := mysql.NewConnector(mc)
		if err != nil {
			return nil, "", fmt.Errorf("database DSN: %w", err)
		}
		return sql.OpenDB(conn), "mysql", nil
	}
	return nil, "", ErrDSN
}

// Schema returns what Open detected.
func (c *Catalog) Schema() Schema { return c.schema }

// Queries returns how many SQL statements the catalog has run since Open
// (tests and the benchmark count round trips with it).
func (c *Catalog) Queries() int64 { return c.queries.Load() }

// Close waits for background refreshes and closes the pool.
func (c *Catalog) Close() error {
	c.mu.Lock()
	select {
	case <-c.closed:
	default:
		close(c.closed)
	}
	c.mu.Unlock()
	c.wg.Wait()
	return c.db.Close()
}

// query runs one SELECT, rewriting ? placeholders for PostgreSQL.
func (c *Catalog) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.queries.Add(1)
	if c.schema.Driver == "postgres" {
		q = rebind(q)
	}
	return c.db.QueryContext(ctx, q, args...)
}

func rebind(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// groupsTable is the quoted groups table name: GROUPS is reserved in
// MySQL 8.
func (c *Catalog) groupsTable() string {
	if c.schema.Driver == "mysql" {
		return "`" + c.schema.GroupsTable + "`"
	}
	return `"` + c.schema.GroupsTable + `"`
}
