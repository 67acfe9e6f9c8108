// Package dbtest creates throw-away OTRS databases on the local
// PostgreSQL and MariaDB for internal/otrs/db's tests: the project's own
// fixture schema (schema.sql) in the table layout of OTRS 6, Znuny 6.5,
// Znuny 7 or OTOBO 11, seeded with the demo data of internal/fakeotrs, so
// the SQL catalog and the in-memory one serve the same rows.
//
// Set RS4OTRS_TEST_NO_DB=1 to skip these tests; otherwise an unreachable
// database fails them. RS4OTRS_TEST_PG_ADMIN and RS4OTRS_TEST_MYSQL_ADMIN
// override the admin connections (defaults: postgres@127.0.0.1:5432 and
// root@127.0.0.1:3306, no password).
package dbtest

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"text/template"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db"
)

//go:embed schema.sql
var schemaSQL string

// Naming is the table layout of an OTRS line, as its recordings describe
// it (otrs-recordings/real2/*/db, internal/otrs/recordings/data/db).
type Naming string

const (
	// OTRS6 is groups with group_user.permission_value, a layout no
	// recorded system has (OTRS 6.0 dropped the column: real2/otrs60/
	// db/13); it keeps the catalog's permission_value path tested, and
	// ships no ProductName: the product stays unknown.
	OTRS6  Naming = "otrs6"
	OTRS60 Naming = "otrs60" // OTRS CE 6.0.41: groups
	Znuny  Naming = "znuny"  // Znuny 6.5: permission_groups
	Znuny7 Naming = "znuny7" // Znuny 7.0: as 6.5, ScriptAlias znuny/
	OTOBO  Naming = "otobo"  // OTOBO 11: groups_table, names varchar(191)
)

// groupsTable is the name of the naming's groups table.
func (n Naming) groupsTable() string {
	switch n {
	case OTRS6, OTRS60:
		return "groups"
	case OTOBO:
		return "groups_table"
	}
	return "permission_groups"
}

// Variant is one database to test against.
type Variant struct {
	Driver string // "postgres" or "mysql"
	Naming Naming
}

func (v Variant) String() string { return v.Driver + "-" + string(v.Naming) }

// Variants are both namings of the catalog's SQL on both databases.
var Variants = []Variant{{"postgres", OTRS6}, {"postgres", Znuny}, {"mysql", OTRS6}, {"mysql", Znuny}}

// Layouts are the four systems recorded in otrs-recordings/real2, each on
// the database it ran on: OTRS CE 6.0.41 on MariaDB, Znuny 6.5.4 and
// 7.0.9 on PostgreSQL, OTOBO 11.0.6 on MariaDB.
var Layouts = []Variant{{"mysql", OTRS60}, {"postgres", Znuny}, {"postgres", Znuny7}, {"mysql", OTOBO}}

var seq atomic.Int64

// Skip skips tb when RS4OTRS_TEST_NO_DB=1.
func Skip(tb testing.TB) {
	if os.Getenv("RS4OTRS_TEST_NO_DB") == "1" {
		tb.Skip("RS4OTRS_TEST_NO_DB=1: database tests skipped")
	}
}

func adminDSN(driver string) string {
	if driver == "postgres" {
		if v := os.Getenv("RS4OTRS_TEST_PG_ADMIN"); v != "" {
			return v
		}
		return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	if v := os.Getenv("RS4OTRS_TEST_MYSQL_ADMIN"); v != "" {
		return v
	}
	return "mysql://root@tcp(127.0.0.1:3306)/"
}

// Catalog opens the SQL catalog on dsn (a database Create made), its log
// discarded; it is closed when the test ends, before the database is
// dropped.
func Catalog(tb testing.TB, dsn string, ttl time.Duration) *db.Catalog {
	tb.Helper()
	c, err := db.Open(context.Background(), db.Config{DSN: dsn, TTL: ttl, Log: zerolog.New(io.Discard)})
	if err != nil {
		tb.Fatalf("dbtest: open the catalog: %v", err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

// Create makes a database rs4otrs_catalog_test_<variant>_<pid>_<n>, loads
// the fixture schema and the data of store, drops it when the test ends
// and returns its DSN in RS4OTRS_DB_DSN format.
func Create(tb testing.TB, v Variant, store *fakeotrs.Store) string {
	tb.Helper()
	Skip(tb)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	name := fmt.Sprintf("rs4otrs_catalog_test_%s_%s_%d_%d", v.Driver, v.Naming, os.Getpid(), seq.Add(1))
	admin, err := open(adminDSN(v.Driver))
	if err != nil {
		tb.Fatalf("dbtest: %s admin connection: %v", v, err)
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		tb.Fatalf("dbtest: create %s (is the %s server running? RS4OTRS_TEST_NO_DB=1 skips): %v", name, v.Driver, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if v.Driver == "postgres" {
			_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		} else {
			_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name)
		}
		admin.Close()
	})
	dsn := dbDSN(tb, v.Driver, adminDSN(v.Driver), name)
	fix, err := open(dsn)
	if err != nil {
		tb.Fatalf("dbtest: open %s: %v", name, err)
	}
	defer fix.Close()
	if err := load(ctx, fix, v, store); err != nil {
		tb.Fatalf("dbtest: load %s: %v", name, err)
	}
	return dsn
}

// open connects the fixture loader (which, unlike the catalog, writes).
func open(dsn string) (*sql.DB, error) {
	scheme, rest, _ := strings.Cut(dsn, "://")
	if scheme == "mysql" || scheme == "mariadb" {
		return sql.Open("mysql", rest)
	}
	return sql.Open("pgx", dsn)
}

// dbDSN points the admin DSN at database name.
func dbDSN(tb testing.TB, driver, admin, name string) string {
	if driver == "postgres" {
		base, query, _ := strings.Cut(admin, "?")
		i := strings.LastIndex(base, "/")
		if i < len("postgres://") {
			base += "/"
			i = len(base) - 1
		}
		dsn := base[:i+1] + name
		if query != "" {
			dsn += "?" + query
		}
		return dsn
	}
	scheme, rest, _ := strings.Cut(admin, "://")
	mc, err := mysql.ParseDSN(rest)
	if err != nil {
		tb.Fatalf("dbtest: RS4OTRS_TEST_MYSQL_ADMIN: %v", err)
	}
	mc.DBName = name
	return scheme + "://" + mc.FormatDSN()
}

func load(ctx context.Context, db *sql.DB, v Variant, store *fakeotrs.Store) error {
	groups, ts, name := v.Naming.groupsTable(), "TIMESTAMP(0)", 200
	if v.Naming == OTOBO {
		// OTOBO's MariaDB schema shortens indexed names to 191
		// characters (real2/otobo11/db/90-create-table-diff-vs-otrs60.txt).
		name = 191
	}
	if v.Driver == "mysql" {
		groups, ts = "`"+groups+"`", "DATETIME"
	} else {
		groups = `"` + groups + `"`
	}
	var b strings.Builder
	t := template.Must(template.New("schema").Parse(schemaSQL))
	if err := t.Execute(&b, map[string]any{"Groups": groups, "TS": ts, "Name": name, "OTRS6": v.Naming == OTRS6}); err != nil {
		return err
	}
	for _, stmt := range strings.Split(stripComments(b.String()), ";") {
		if stmt = strings.TrimSpace(stmt); stmt == "" {
			continue
		}
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	for _, row := range Seed(store, v.Naming) {
		q := insertSQL(v.Driver, row, groups)
		if _, err := db.ExecContext(ctx, q, row.Values...); err != nil {
			return fmt.Errorf("%s %v: %w", q, row.Values, err)
		}
	}
	return nil
}

func stripComments(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			lines = append(lines, l)
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func insertSQL(driver string, r Row, groups string) string {
	table := r.Table
	if table == GroupsTable {
		table = groups
	}
	ph := make([]string, len(r.Columns))
	for i := range ph {
		ph[i] = "?"
		if driver == "postgres" {
			ph[i] = fmt.Sprintf("$%d", i+1)
		}
	}
	return "INSERT INTO " + table + " (" + strings.Join(r.Columns, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
}

// Exec runs one statement on the database at dsn, as OTRS would write it
// (tests of what the catalog sees after a write the proxy made through
// OTRS, whose fake does not write the SQL database).
func Exec(tb testing.TB, dsn, statement string) {
	tb.Helper()
	db, err := open(dsn)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	defer db.Close()
	if _, err := db.Exec(statement); err != nil {
		tb.Fatalf("dbtest: %s: %v", statement, err)
	}
}
