package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
	"gopkg.in/yaml.v3"
)

// qSettings reads the deployed value of each of otrs.SettingNames: the
// system-wide modification when one is deployed (is_dirty 0; user_id NULL,
// not an agent's own preference), else the default. Rows come newest
// modification first per name. effective_value is YAML ("--- '1'\n";
// otrs-recordings/real2/otrs60/db/21-22, db/28-29).
var qSettings = "SELECT d.name, d.effective_value, m.effective_value FROM sysconfig_default d LEFT JOIN sysconfig_modified m" +
	" ON m.sysconfig_default_id = d.id AND m.is_valid = 1 AND m.is_dirty = 0 AND m.user_id IS NULL" +
	" WHERE d.name IN ('" + strings.Join(otrs.SettingNames, "', '") + "') ORDER BY d.name, m.id DESC"

// Settings reads the SysConfig settings the ticket writes act on; a
// setting missing from sysconfig_default keeps OTRS's shipped default.
func (c *Catalog) Settings(ctx context.Context) (otrs.Settings, error) {
	return get(ctx, c, "settings", func(ctx context.Context) (otrs.Settings, error) {
		values := map[string]string{}
		var decodeErr error
		err := c.scanAll(ctx, "settings", qSettings, func(r *sql.Rows) error {
			var name string
			var def, mod sql.NullString
			if err := r.Scan(&name, &def, &mod); err != nil {
				return err
			}
			if _, seen := values[name]; seen {
				return nil // an older modification
			}
			text := def.String
			if mod.Valid {
				text = mod.String
			}
			v, err := yamlValue(text)
			if err != nil {
				decodeErr = fmt.Errorf("setting %s: %w", name, err)
				return nil
			}
			values[name] = v
			return nil
		})
		if err != nil {
			return otrs.Settings{}, err
		}
		if decodeErr != nil {
			return otrs.Settings{}, decodeErr
		}
		s, err := otrs.ParseSettings(values)
		// The product is what the release shipped (detect.go), not the
		// ProductName an admin may have deployed.
		s.Product = c.schema.Product
		return s, err
	})
}

// yamlValue decodes an effective_value (YAML, "--- '1'\n") to its text;
// a null is "".
func yamlValue(text string) (string, error) {
	var v any
	if err := yaml.Unmarshal([]byte(text), &v); err != nil {
		return "", err
	}
	if v == nil {
		return "", nil
	}
	return fmt.Sprint(v), nil
}
