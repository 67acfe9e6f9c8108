package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
	"gopkg.in/yaml.v3"
)

// SQL of each catalog. Every list is read whole and cached; the proxy
// filters and shapes it. Nothing here ever selects a password column.
const (
	qQueues       = "SELECT id, name, group_id, valid_id, comments FROM queue ORDER BY id"
	qServices     = "SELECT id, name, valid_id, comments FROM service ORDER BY id"
	qCustomerSvc  = "SELECT service_id FROM service_customer_user WHERE customer_user_login = ? ORDER BY service_id"
	qSLAs         = "SELECT id, name, valid_id FROM sla ORDER BY id"
	qServiceSLA   = "SELECT sla_id, service_id FROM service_sla ORDER BY sla_id, service_id"
	qTypes        = "SELECT id, name, valid_id FROM ticket_type ORDER BY id"
	qPriorities   = "SELECT id, name, valid_id FROM ticket_priority ORDER BY id"
	qStates       = "SELECT s.id, s.name, s.type_id, t.name, s.valid_id FROM ticket_state s JOIN ticket_state_type t ON t.id = s.type_id ORDER BY s.id"
	qUsers        = "SELECT id, login, title, first_name, last_name, valid_id, create_time, change_time FROM users ORDER BY id"
	qRoles        = "SELECT id, name, valid_id FROM roles ORDER BY id"
	qRoleUser     = "SELECT user_id, role_id FROM role_user ORDER BY user_id, role_id"
	qGroupRole    = "SELECT role_id, group_id, permission_key, permission_value FROM group_role ORDER BY role_id, group_id, permission_key"
	qCompanies    = "SELECT customer_id, name, valid_id FROM customer_company ORDER BY customer_id"
	qCustUsers    = "SELECT login, email, customer_id, title, first_name, last_name, phone, fax, mobile, street, zip, city, country, comments, valid_id FROM customer_user ORDER BY login"
	qPackages     = "SELECT name, version, vendor FROM package_repository WHERE install_status = 'installed' ORDER BY name"
	qDynFields    = "SELECT id, name, label, field_order, field_type, object_type, internal_field, valid_id, config FROM dynamic_field ORDER BY id"
	qTicketQueue  = "SELECT queue_id FROM ticket WHERE id = ?"
	qPersonalQ    = "SELECT queue_id FROM personal_queues WHERE user_id = ? ORDER BY queue_id"
	qWatchers     = "SELECT user_id FROM ticket_watcher WHERE ticket_id = ? ORDER BY user_id"
	qQueueSubs    = "SELECT user_id FROM personal_queues WHERE queue_id = ? ORDER BY user_id"
	qLanguagesCfg = "SELECT d.effective_value, m.effective_value FROM sysconfig_default d LEFT JOIN sysconfig_modified m" +
		" ON m.sysconfig_default_id = d.id AND m.is_valid = 1 AND m.is_dirty = 0 AND m.user_id IS NULL" +
		" WHERE d.name = 'DefaultUsedLanguages' ORDER BY m.id DESC"
	// qPrefs leaves out every key that may hold a secret (see
	// otrs.IsSecretPref, which filters again).
	qPrefs = "SELECT user_id, preferences_key, preferences_value FROM user_preferences" +
		" WHERE LOWER(preferences_key) NOT LIKE '%pw%' AND LOWER(preferences_key) NOT LIKE '%password%'" +
		" AND LOWER(preferences_key) NOT LIKE '%token%' AND LOWER(preferences_key) NOT LIKE '%secret%'" +
		" AND LOWER(preferences_key) NOT LIKE '%googleauthenticator%' AND LOWER(preferences_key) NOT LIKE '%otp%'" +
		" ORDER BY user_id, preferences_key"
)

func (c *Catalog) qGroups() string {
	return "SELECT id, name, valid_id FROM " + c.groupsTable() + " ORDER BY id"
}

func (c *Catalog) qGroupUser() string {
	q := "SELECT user_id, group_id, permission_key FROM group_user"
	if c.schema.GroupUserValue {
		q += " WHERE permission_value = 1"
	}
	return q + " ORDER BY user_id, group_id, permission_key"
}

const qUserValid = "SELECT id, valid_id FROM users ORDER BY id"

// scanAll runs q and calls scan for each row.
func (c *Catalog) scanAll(ctx context.Context, what, q string, scan func(*sql.Rows) error, args ...any) (result error) {
	if c.cfg.Observe != nil {
		// Timed up to the last row: a slow statement is slow while its
		// rows arrive, not when it is sent.
		start := time.Now()
		defer func() { c.cfg.Observe(ctx, what, time.Since(start), result) }()
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// cachedRows is a table read whole and cached under key: scan turns one
// row into one T.
func cachedRows[T any](ctx context.Context, c *Catalog, key, what, q string, scan func(*sql.Rows) (T, error)) ([]T, error) {
	return get(ctx, c, key, func(ctx context.Context) ([]T, error) {
		var out []T
		err := c.scanAll(ctx, what, q, func(r *sql.Rows) error {
			v, err := scan(r)
			out = append(out, v)
			return err
		})
		return out, err
	})
}

func (c *Catalog) Queues(ctx context.Context) ([]otrs.Queue, error) {
	return cachedRows(ctx, c, "queues", "queues", qQueues, func(r *sql.Rows) (otrs.Queue, error) {
		var q otrs.Queue
		var comment sql.NullString
		err := r.Scan(&q.ID, &q.Name, &q.GroupID, &q.ValidID, &comment)
		q.Comment = comment.String
		return q, err
	})
}

func (c *Catalog) Services(ctx context.Context) ([]otrs.Service, error) {
	return cachedRows(ctx, c, "services", "services", qServices, func(r *sql.Rows) (otrs.Service, error) {
		var s otrs.Service
		var comment sql.NullString
		err := r.Scan(&s.ID, &s.Name, &s.ValidID, &comment)
		s.Comment = comment.String
		return s, err
	})
}

func (c *Catalog) CustomerServiceIDs(ctx context.Context, login string) ([]int, error) {
	return get(ctx, c, "customer_services:"+login, func(ctx context.Context) ([]int, error) {
		return c.ints(ctx, "services of customer user", qCustomerSvc, login)
	})
}

func (c *Catalog) ints(ctx context.Context, what, q string, arg any) ([]int, error) {
	var out []int
	err := c.scanAll(ctx, what, q, func(r *sql.Rows) error {
		var n int
		err := r.Scan(&n)
		out = append(out, n)
		return err
	}, arg)
	return out, err
}

func (c *Catalog) SLAs(ctx context.Context) ([]otrs.SLA, error) {
	return get(ctx, c, "slas", func(ctx context.Context) ([]otrs.SLA, error) {
		var out []otrs.SLA
		idx := map[int]int{}
		err := c.scanAll(ctx, "slas", qSLAs, func(r *sql.Rows) error {
			var s otrs.SLA
			err := r.Scan(&s.ID, &s.Name, &s.ValidID)
			idx[s.ID] = len(out)
			out = append(out, s)
			return err
		})
		if err != nil {
			return nil, err
		}
		err = c.scanAll(ctx, "service_sla", qServiceSLA, func(r *sql.Rows) error {
			var sla, svc int
			if err := r.Scan(&sla, &svc); err != nil {
				return err
			}
			if i, ok := idx[sla]; ok {
				out[i].ServiceIDs = append(out[i].ServiceIDs, svc)
			}
			return nil
		})
		return out, err
	})
}

func (c *Catalog) items(ctx context.Context, key, q string) ([]otrs.Item, error) {
	return cachedRows(ctx, c, key, key, q, func(r *sql.Rows) (otrs.Item, error) {
		var it otrs.Item
		err := r.Scan(&it.ID, &it.Name, &it.ValidID)
		return it, err
	})
}

func (c *Catalog) Types(ctx context.Context) ([]otrs.Item, error) {
	return c.items(ctx, "types", qTypes)
}

func (c *Catalog) Priorities(ctx context.Context) ([]otrs.Item, error) {
	return c.items(ctx, "priorities", qPriorities)
}

func (c *Catalog) States(ctx context.Context) ([]otrs.State, error) {
	return cachedRows(ctx, c, "states", "states", qStates, func(r *sql.Rows) (otrs.State, error) {
		var s otrs.State
		err := r.Scan(&s.ID, &s.Name, &s.TypeID, &s.TypeName, &s.ValidID)
		return s, err
	})
}

func (c *Catalog) Agents(ctx context.Context) ([]otrs.Agent, error) {
	return get(ctx, c, "agents", func(ctx context.Context) ([]otrs.Agent, error) {
		var out []otrs.Agent
		idx := map[int]int{}
		err := c.scanAll(ctx, "agents", qUsers, func(r *sql.Rows) error {
			var a otrs.Agent
			var title, first, last sql.NullString
			err := r.Scan(&a.ID, &a.Login, &title, &first, &last, &a.ValidID, &a.CreateTime, &a.ChangeTime)
			a.Title, a.FirstName, a.LastName = title.String, first.String, last.String
			a.CreateTime, a.ChangeTime = a.CreateTime.UTC(), a.ChangeTime.UTC()
			a.Prefs = map[string]string{}
			idx[a.ID] = len(out)
			out = append(out, a)
			return err
		})
		if err != nil {
			return nil, err
		}
		err = c.scanAll(ctx, "agent preferences", qPrefs, func(r *sql.Rows) error {
			var id int
			var k string
			var v sql.NullString
			if err := r.Scan(&id, &k, &v); err != nil {
				return err
			}
			if i, ok := idx[id]; ok && !otrs.IsSecretPref(k) {
				out[i].Prefs[k] = v.String
			}
			return nil
		})
		return out, err
	})
}

func (c *Catalog) PermissionRows(ctx context.Context) (*otrs.PermissionRows, error) {
	return get(ctx, c, "permissions", func(ctx context.Context) (*otrs.PermissionRows, error) {
		p := &otrs.PermissionRows{AgentValid: map[int]bool{}}
		steps := []struct {
			what, q string
			scan    func(*sql.Rows) error
		}{
			{"groups", c.qGroups(), func(r *sql.Rows) error {
				var g otrs.Group
				err := r.Scan(&g.ID, &g.Name, &g.ValidID)
				p.Groups = append(p.Groups, g)
				return err
			}},
			{"roles", qRoles, func(r *sql.Rows) error {
				var ro otrs.Role
				err := r.Scan(&ro.ID, &ro.Name, &ro.ValidID)
				p.Roles = append(p.Roles, ro)
				return err
			}},
			{"group_user", c.qGroupUser(), func(r *sql.Rows) error {
				var gu otrs.GroupUser
				err := r.Scan(&gu.UserID, &gu.GroupID, &gu.Key)
				p.GroupUsers = append(p.GroupUsers, gu)
				return err
			}},
			{"group_role", qGroupRole, func(r *sql.Rows) error {
				var gr otrs.GroupRole
				var v int
				err := r.Scan(&gr.RoleID, &gr.GroupID, &gr.Key, &v)
				gr.Value = v == 1
				p.GroupRoles = append(p.GroupRoles, gr)
				return err
			}},
			{"role_user", qRoleUser, func(r *sql.Rows) error {
				var ru otrs.RoleUser
				err := r.Scan(&ru.UserID, &ru.RoleID)
				p.RoleUsers = append(p.RoleUsers, ru)
				return err
			}},
			{"users", qUserValid, func(r *sql.Rows) error {
				var id, valid int
				err := r.Scan(&id, &valid)
				p.AgentValid[id] = valid == otrs.ValidID
				return err
			}},
		}
		for _, s := range steps {
			if err := c.scanAll(ctx, s.what, s.q, s.scan); err != nil {
				return nil, err
			}
		}
		return p, nil
	})
}

func (c *Catalog) CustomerCompanies(ctx context.Context) ([]otrs.CustomerCompany, error) {
	return cachedRows(ctx, c, "customer_companies", "customer companies", qCompanies, func(r *sql.Rows) (otrs.CustomerCompany, error) {
		var cc otrs.CustomerCompany
		err := r.Scan(&cc.CustomerID, &cc.Name, &cc.ValidID)
		return cc, err
	})
}

func (c *Catalog) CustomerUsers(ctx context.Context) ([]otrs.CustomerUser, error) {
	return cachedRows(ctx, c, "customer_users", "customer users", qCustUsers, func(r *sql.Rows) (otrs.CustomerUser, error) {
		var cu otrs.CustomerUser
		var f [13]sql.NullString
		err := r.Scan(&cu.Login, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &f[10], &f[11], &f[12], &cu.ValidID)
		cu.Email, cu.CustomerID, cu.Title, cu.FirstName, cu.LastName = f[0].String, f[1].String, f[2].String, f[3].String, f[4].String
		cu.Phone, cu.Fax, cu.Mobile, cu.Street, cu.Zip = f[5].String, f[6].String, f[7].String, f[8].String, f[9].String
		cu.City, cu.Country, cu.Comment = f[10].String, f[11].String, f[12].String
		return cu, err
	})
}

func (c *Catalog) Languages(ctx context.Context) ([]otrs.Language, error) {
	return get(ctx, c, "languages", func(ctx context.Context) ([]otrs.Language, error) {
		var def, mod sql.NullString
		found := false
		err := c.scanAll(ctx, "DefaultUsedLanguages", qLanguagesCfg, func(r *sql.Rows) error {
			if found {
				return nil
			}
			found = true
			return r.Scan(&def, &mod)
		})
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, errors.New("DefaultUsedLanguages: setting not found in sysconfig_default")
		}
		text := def.String
		if mod.Valid {
			text = mod.String
		}
		var m map[string]string
		if err := yaml.Unmarshal([]byte(text), &m); err != nil {
			return nil, fmt.Errorf("DefaultUsedLanguages: %w", err)
		}
		out := make([]otrs.Language, 0, len(m))
		for id, name := range m {
			out = append(out, otrs.Language{ID: id, Name: name})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return out, nil
	})
}

func (c *Catalog) Packages(ctx context.Context) ([]otrs.Package, error) {
	return cachedRows(ctx, c, "packages", "packages", qPackages, func(r *sql.Rows) (otrs.Package, error) {
		var p otrs.Package
		var vendor sql.NullString
		err := r.Scan(&p.Name, &p.Version, &vendor)
		p.Vendor = vendor.String
		return p, err
	})
}

func (c *Catalog) DynamicFields(ctx context.Context) ([]otrs.DynamicField, error) {
	return cachedRows(ctx, c, "dynamic_fields", "dynamic fields", qDynFields, func(r *sql.Rows) (otrs.DynamicField, error) {
		var f otrs.DynamicField
		var internal int
		var config sql.NullString
		if err := r.Scan(&f.ID, &f.Name, &f.Label, &f.FieldOrder, &f.FieldType, &f.ObjectType, &internal, &f.ValidID, &config); err != nil {
			return f, err
		}
		f.Internal = internal == 1
		f.Config = map[string]any{}
		if strings.TrimSpace(config.String) != "" {
			if err := yaml.Unmarshal([]byte(config.String), &f.Config); err != nil {
				return f, fmt.Errorf("field %s config: %w", f.Name, err)
			}
		}
		return f, nil
	})
}

// TicketQueue is not cached: a ticket moves between queues at any time.
func (c *Catalog) TicketQueue(ctx context.Context, ticketID int) (int, error) {
	ids, err := c.ints(ctx, "ticket queue", qTicketQueue, ticketID)
	if err != nil {
		return 0, fmt.Errorf("ticket %d: %w", ticketID, err)
	}
	if len(ids) == 0 {
		return 0, fmt.Errorf("ticket %d: %w", ticketID, otrs.ErrNotFound)
	}
	return ids[0], nil
}

// PersonalQueueIDs is not cached: an agent expects a change in the
// preferences to show at once.
func (c *Catalog) PersonalQueueIDs(ctx context.Context, agentID int) ([]int, error) {
	return c.ints(ctx, "personal queues", qPersonalQ, agentID)
}

// Watchers is not cached: watching is changed through the proxy itself.
func (c *Catalog) Watchers(ctx context.Context, ticketID int) ([]int, error) {
	return c.ints(ctx, "ticket watchers", qWatchers, ticketID)
}

// QueueSubscribers returns the agents with the queue among their "My
// Queues"; not cached, like PersonalQueueIDs.
func (c *Catalog) QueueSubscribers(ctx context.Context, queueID int) ([]int, error) {
	return c.ints(ctx, "queue subscribers", qQueueSubs, queueID)
}
