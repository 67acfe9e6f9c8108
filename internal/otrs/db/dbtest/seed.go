package dbtest

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"gopkg.in/yaml.v3"
)

// GroupsTable stands for the groups table of the naming in a Row.
const GroupsTable = "<groups>"

// Row is one INSERT of the fixture.
type Row struct {
	Table   string
	Columns []string
	Values  []any
}

// Secret values the fixture stores where OTRS keeps secrets; tests check
// that no answer ever contains them.
const (
	SecretToken = "fixture-secret-reset-token"
	Secret2FA   = "FIXTURESECRET2FA"
)

// PasswordHash is what the fixture stores as a password: a hash, as OTRS
// does, that must never leave the catalog either.
func PasswordHash(pw string) string {
	sum := sha256.Sum256([]byte(pw))
	return hex.EncodeToString(sum[:])
}

// Seed returns the rows of store's catalog data, generated from the store
// so that the database and the fake cannot drift apart. A few rows exist
// only to be ignored: secret preferences, an uninstalled package, an
// undeployed language setting, and on OTRS 6 a permission_value 0 row.
func Seed(s *fakeotrs.Store, naming Naming) []Row {
	var rows []Row
	add := func(table string, cols []string, vals ...any) {
		rows = append(rows, Row{table, cols, vals})
	}
	s.Lock(func(s *fakeotrs.Store) {
		for _, a := range s.Agents {
			add("users", []string{"id", "login", "pw", "title", "first_name", "last_name", "valid_id", "create_time", "create_by", "change_time", "change_by"},
				a.ID, a.Login, PasswordHash(a.Password), a.Title, a.FirstName, a.LastName, a.ValidID, a.CreateTime, 1, a.CreateTime, 1)
			prefs := fakeotrs.AgentPrefs(a)
			prefs["UserToken"] = SecretToken
			prefs["UserGoogleAuthenticatorSecretKey"] = Secret2FA
			for _, k := range slices.Sorted(maps.Keys(prefs)) {
				add("user_preferences", []string{"user_id", "preferences_key", "preferences_value"}, a.ID, k, prefs[k])
			}
			for _, gid := range slices.Sorted(maps.Keys(a.Perms)) {
				for _, k := range a.Perms[gid] {
					if naming == OTRS6 {
						add("group_user", []string{"user_id", "group_id", "permission_key", "permission_value"}, a.ID, gid, k, 1)
					} else {
						add("group_user", []string{"user_id", "group_id", "permission_key"}, a.ID, gid, k)
					}
				}
			}
			if naming == OTRS6 {
				// OTRS 6 kept revoked keys as permission_value 0 rows.
				add("group_user", []string{"user_id", "group_id", "permission_key", "permission_value"}, a.ID, 7, "rw", 0)
			}
			for _, rid := range a.RoleIDs {
				add("role_user", []string{"user_id", "role_id"}, a.ID, rid)
			}
			for _, q := range a.PersonalQueues {
				add("personal_queues", []string{"user_id", "queue_id"}, a.ID, q)
			}
		}
		for _, g := range s.Groups {
			add(GroupsTable, []string{"id", "name", "valid_id"}, g.ID, g.Name, g.ValidID)
		}
		for _, r := range s.Roles {
			add("roles", []string{"id", "name", "valid_id"}, r.ID, r.Name, r.ValidID)
			for _, gid := range slices.Sorted(maps.Keys(r.Perms)) {
				for _, k := range r.Perms[gid] {
					add("group_role", []string{"role_id", "group_id", "permission_key", "permission_value"}, r.ID, gid, k, 1)
				}
			}
			// A revoked role key: permission_value 0 grants nothing.
			add("group_role", []string{"role_id", "group_id", "permission_key", "permission_value"}, r.ID, 7, "rw", 0)
		}
		for _, q := range s.Queues {
			add("queue", []string{"id", "name", "group_id", "comments", "valid_id"}, q.ID, q.Name, q.GroupID, q.Comment, q.ValidID)
		}
		for _, v := range s.Services {
			add("service", []string{"id", "name", "valid_id", "comments"}, v.ID, v.Name, v.ValidID, v.Comment)
			for _, login := range v.Customers {
				add("service_customer_user", []string{"customer_user_login", "service_id"}, login, v.ID)
			}
		}
		for _, v := range s.SLAs {
			add("sla", []string{"id", "name", "valid_id"}, v.ID, v.Name, v.ValidID)
			for _, sid := range v.ServiceIDs {
				add("service_sla", []string{"service_id", "sla_id"}, sid, v.ID)
			}
		}
		for _, v := range s.Types {
			add("ticket_type", []string{"id", "name", "valid_id"}, v.ID, v.Name, v.ValidID)
		}
		for _, v := range s.Priorities {
			add("ticket_priority", []string{"id", "name", "valid_id"}, v.ID, v.Name, v.ValidID)
		}
		for _, v := range s.StateTypes {
			add("ticket_state_type", []string{"id", "name"}, v.ID, v.Name)
		}
		for _, v := range s.States {
			add("ticket_state", []string{"id", "name", "type_id", "valid_id"}, v.ID, v.Name, v.TypeID, v.ValidID)
		}
		for _, v := range s.CustomerCompanys {
			add("customer_company", []string{"customer_id", "name", "street", "city", "country", "url", "valid_id"},
				v.CustomerID, v.Name, v.Street, v.City, v.Country, v.URL, v.ValidID)
		}
		for _, v := range s.CustomerUsers {
			add("customer_user", []string{"id", "login", "email", "customer_id", "pw", "title", "first_name", "last_name", "phone", "mobile", "street", "zip", "city", "country", "comments", "valid_id"},
				v.ID, v.Login, v.Email, v.CustomerID, PasswordHash(v.Password), v.Title, v.FirstName, v.LastName, v.Phone, v.Mobile, v.Street, v.Zip, v.City, v.Country, v.Comment, v.ValidID)
		}
		for _, f := range s.DynamicFields {
			cfg, _ := yaml.Marshal(f.Config)
			internal := 0
			if f.Internal {
				internal = 1
			}
			add("dynamic_field", []string{"id", "internal_field", "name", "label", "field_order", "field_type", "object_type", "config", "valid_id"},
				f.ID, internal, f.Name, f.Label, f.FieldOrder, f.FieldType, f.ObjectType, "---\n"+string(cfg), f.ValidID)
		}
		pkgCols := []string{"id", "name", "version", "vendor", "install_status"}
		for i, p := range s.Packages {
			add("package_repository", pkgCols, i+1, p.Name, p.Version, p.Vendor, "installed")
		}
		add("package_repository", pkgCols, len(s.Packages)+1, "FixtureNotInstalled", "1.0.0", "fixture", "not installed")
		for _, t := range s.Tickets {
			add("ticket", []string{"id", "tn", "title", "queue_id"}, t.ID, t.TN, t.Title, t.QueueID)
			for _, w := range t.Watchers {
				add("ticket_watcher", []string{"ticket_id", "user_id"}, t.ID, w)
			}
		}
		seedTicketFacts(s, add)
		seedSettings(s, naming, add)
		langs, _ := yaml.Marshal(s.Languages)
		more := maps.Clone(s.Languages)
		more["xx_DEFAULT"] = "Only in the default value"
		def, _ := yaml.Marshal(more)
		add("sysconfig_default", []string{"id", "name", "is_valid", "effective_value"}, 346, "DefaultUsedLanguages", 1, "---\n"+string(def))
		add("sysconfig_modified", []string{"id", "sysconfig_default_id", "name", "is_valid", "is_dirty", "effective_value"},
			1, 346, "DefaultUsedLanguages", 1, 0, "---\n"+string(langs))
		add("sysconfig_modified", []string{"id", "sysconfig_default_id", "name", "is_valid", "is_dirty", "effective_value"},
			2, 346, "DefaultUsedLanguages", 1, 1, "---\nxx_DIRTY: Saved but not deployed\n")
	})
	return rows
}
