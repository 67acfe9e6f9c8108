package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// groupsTables are the names OTRS's groups table has had, newest first:
// Znuny renamed groups to permission_groups (6.4), OTOBO to groups_table
// (real2/otobo11/db/00, 12), OTRS 6 kept groups (real2/otrs60/db/12). A
// database a migration left with two of them is read through the newer.
var groupsTables = []string{"permission_groups", "groups_table", "groups"}

// errNoLayout is Open's answer to a database that fits no known layout.
var errNoLayout = errors.New("catalog database: no OTRS groups table (" + strings.Join(groupsTables, ", ") +
	") or no group_user: is this the OTRS, Znuny or OTOBO database?")

// detect finds the layout (groups table, group_user's columns) and the
// product, and returns the server's version.
func (c *Catalog) detect(ctx context.Context) (string, error) {
	schemaExpr, versionQ := "current_schema()", "SHOW server_version"
	if c.schema.Driver == "mysql" {
		schemaExpr, versionQ = "DATABASE()", "SELECT VERSION()"
	}
	var version string
	if err := c.db.QueryRowContext(ctx, versionQ).Scan(&version); err != nil {
		return "", fmt.Errorf("catalog database: %w", err)
	}
	tables, err := c.textColumn(ctx, "SELECT table_name FROM information_schema.tables WHERE table_schema = "+schemaExpr+
		" AND table_name IN ('"+strings.Join(groupsTables, "', '")+"', 'group_user', 'sysconfig_default')")
	if err != nil {
		return "", fmt.Errorf("catalog database: find the groups table: %w", err)
	}
	for _, t := range groupsTables {
		if slices.Contains(tables, t) {
			c.schema.GroupsTable = t
			break
		}
	}
	if c.schema.GroupsTable == "" || !slices.Contains(tables, "group_user") {
		return "", errNoLayout
	}
	columns, err := c.textColumn(ctx, "SELECT column_name FROM information_schema.columns WHERE table_schema = "+schemaExpr+
		" AND table_name = 'group_user' AND column_name = 'permission_value'")
	if err != nil {
		return "", fmt.Errorf("catalog database: inspect group_user: %w", err)
	}
	c.schema.GroupUserValue = len(columns) > 0
	if slices.Contains(tables, "sysconfig_default") {
		shipped, err := c.shippedValues(ctx)
		if err != nil {
			return "", fmt.Errorf("catalog database: read the product: %w", err)
		}
		c.schema.Product = productOf(shipped, c.schema)
	}
	return version, nil
}

// productOf names the product from what the release shipped, not from
// what an admin changed: ProductName's default names the vendor and, on
// OTOBO, the major version ("OTOBO 11"). Where it gives no version, the
// layout and the shipped web path tell the line apart: Znuny 7 ships
// ScriptAlias znuny/ (real2/znuny70/sysconfig.txt: no modification,
// ZZZAAuto.pm 'znuny/'), Znuny 6 otrs/ (Framework.xml:101-106 of 6.5.4);
// an OTRS whose ProductName has no number ("((OTRS)) Community Edition",
// real2/otrs60) and whose table is still groups is 6. The exact release
// (6.5.4) is in no table: X-Powered-By of the agent interface has it.
func productOf(shipped map[string]string, s Schema) otrs.Product {
	p := otrs.ParseProduct(shipped["ProductName"])
	if p.Version != "" {
		return p
	}
	switch {
	case p.Name == otrs.Znuny && strings.Trim(shipped["ScriptAlias"], "/") == "znuny":
		p.Version = "7"
	case p.Name == otrs.Znuny && shipped["ScriptAlias"] != "":
		p.Version = "6"
	case p.Name == otrs.OTRS && s.GroupsTable == "groups":
		p.Version = "6"
	}
	return p
}

// shippedValues reads the defaults of ProductName and ScriptAlias as the
// release wrote them into sysconfig_default.
func (c *Catalog) shippedValues(ctx context.Context) (map[string]string, error) {
	rows, err := c.db.QueryContext(ctx, "SELECT name, effective_value FROM sysconfig_default WHERE name IN ('ProductName', 'ScriptAlias')")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	values := map[string]string{}
	for rows.Next() {
		var name string
		var text sql.NullString
		if err := rows.Scan(&name, &text); err != nil {
			return nil, err
		}
		v, err := yamlValue(text.String)
		if err != nil {
			return nil, fmt.Errorf("setting %s: %w", name, err)
		}
		values[name] = v
	}
	return values, rows.Err()
}

// textColumn runs a query of one text column.
func (c *Catalog) textColumn(ctx context.Context, q string) ([]string, error) {
	rows, err := c.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var xs []string
	for rows.Next() {
		var x string
		if err := rows.Scan(&x); err != nil {
			return nil, err
		}
		xs = append(xs, strings.ToLower(x))
	}
	return xs, rows.Err()
}
