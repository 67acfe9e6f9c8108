// Package catalogtest is the one test suite every catalog implementation
// (internal/otrs/db, internal/fakeotrs) must pass: it reads every catalog over the demo
// data and checks both the rows (against the Store the data came from) and
// what OTRS's rules make of them (permissions, secrets, ticket lookups).
package catalogtest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db/dbtest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
)

// Run checks cat, which must serve the data of store (NewStore()).
func Run(t *testing.T, cat otrs.Catalog, store *fakeotrs.Store) {
	ctx := context.Background()
	want := fakeotrs.NewCatalog(store)

	same := []struct {
		name string
		get  func(otrs.Catalog) (any, error)
	}{
		{"Queues", func(c otrs.Catalog) (any, error) { return c.Queues(ctx) }},
		{"Services", func(c otrs.Catalog) (any, error) { return c.Services(ctx) }},
		{"CustomerServiceIDs/default", func(c otrs.Catalog) (any, error) { return c.CustomerServiceIDs(ctx, otrs.DefaultServiceLogin) }},
		{"CustomerServiceIDs/unknown", func(c otrs.Catalog) (any, error) { return c.CustomerServiceIDs(ctx, "nobody") }},
		{"SLAs", func(c otrs.Catalog) (any, error) { return c.SLAs(ctx) }},
		{"Types", func(c otrs.Catalog) (any, error) { return c.Types(ctx) }},
		{"Priorities", func(c otrs.Catalog) (any, error) { return c.Priorities(ctx) }},
		{"States", func(c otrs.Catalog) (any, error) { return c.States(ctx) }},
		{"Agents", func(c otrs.Catalog) (any, error) { return c.Agents(ctx) }},
		// Raw rows may differ (ignored rows, order); what OTRS makes of them may not.
		{"PermissionRows", func(c otrs.Catalog) (any, error) {
			r, err := c.PermissionRows(ctx)
			if err != nil {
				return nil, err
			}
			out := map[int]map[int][]string{}
			for id := range r.AgentValid {
				out[id] = map[int][]string{}
				for g, k := range perms.Compute(r, id) {
					out[id][g] = k.List()
				}
			}
			return []any{r.Groups, r.Roles, out}, nil
		}},
		{"CustomerCompanies", func(c otrs.Catalog) (any, error) { return c.CustomerCompanies(ctx) }},
		{"CustomerUsers", func(c otrs.Catalog) (any, error) { return c.CustomerUsers(ctx) }},
		{"Languages", func(c otrs.Catalog) (any, error) { return c.Languages(ctx) }},
		// The demo store deploys Ticket::Type (real2/*/sysconfig.txt); the
		// SQL fixture also holds an undeployed and a per-agent row to skip.
		// The product each catalog finds is its own test's (fakeotrs/
		// store: TestSettingsPerDialect).
		{"Settings", func(c otrs.Catalog) (any, error) {
			s, err := c.Settings(ctx)
			s.Product, s.SessionName, s.OwnerResetOnUnlock = otrs.Product{}, "", false
			return s, err
		}},
		{"Packages", func(c otrs.Catalog) (any, error) { return c.Packages(ctx) }},
		{"DynamicFields", func(c otrs.Catalog) (any, error) { return c.DynamicFields(ctx) }},
		{"PersonalQueueIDs", func(c otrs.Catalog) (any, error) { return c.PersonalQueueIDs(ctx, 2) }},
		{"Watchers", func(c otrs.Catalog) (any, error) { return c.Watchers(ctx, 2) }},
		{"QueueSubscribers", func(c otrs.Catalog) (any, error) { return c.QueueSubscribers(ctx, 5) }},
	}
	for _, tc := range same {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.get(cat)
			if err != nil {
				t.Fatal(err)
			}
			exp, err := tc.get(want)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := canon(t, got), canon(t, exp); g != w {
				t.Errorf("differs from the store\n got %s\nwant %s", g, w)
			}
		})
	}

	t.Run("TicketQueue", func(t *testing.T) {
		for _, tk := range store.Tickets {
			q, err := cat.TicketQueue(ctx, tk.ID)
			if err != nil || q != tk.QueueID {
				t.Errorf("ticket %d: queue %d, %v; want %d", tk.ID, q, err, tk.QueueID)
			}
		}
		if _, err := cat.TicketQueue(ctx, 987654); !errors.Is(err, otrs.ErrNotFound) {
			t.Errorf("unknown ticket: err %v, want otrs.ErrNotFound", err)
		}
	})

	t.Run("TicketFacts", func(t *testing.T) { facts(t, cat, want, store) })
	t.Run("SettingsDeployed", func(t *testing.T) {
		// real2/znuny65/sysconfig.txt: Ticket::Type 1 deployed,
		// Ticket::Type::Default Unclassified, PendingDiffTime 86400.
		got, err := cat.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := otrs.Settings{TypeEnabled: true, DefaultType: "Unclassified", PendingDiffTime: 86400 * time.Second}
		// What each catalog finds of the product is its own test's
		// (fakeotrs/store: TestSettingsPerDialect).
		got.Product, got.SessionName, got.OwnerResetOnUnlock = otrs.Product{}, "", false
		if got != want {
			t.Errorf("Settings = %+v, want %+v", got, want)
		}
	})

	t.Run("NoSecrets", func(t *testing.T) {
		agents, err := cat.Agents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cus, err := cat.CustomerUsers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		text := canon(t, agents) + canon(t, cus)
		for _, s := range secrets(store) {
			if strings.Contains(text, s) {
				t.Errorf("catalog answer contains a secret (%.6s...)", s)
			}
		}
		for _, a := range agents {
			for k := range a.Prefs {
				if otrs.IsSecretPref(k) {
					t.Errorf("agent %s: preference %s kept", a.Login, k)
				}
			}
		}
	})

	t.Run("Permissions", func(t *testing.T) { permissions(t, cat) })
	t.Run("PermissionsAsTheFakeComputesThem", func(t *testing.T) {
		// The fake OTRS computes permissions on its own (Store.AgentPerms);
		// session/ must agree for every agent, group and key.
		rows, err := cat.PermissionRows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		store.Lock(func(s *fakeotrs.Store) {
			for _, a := range s.Agents {
				got := perms.Compute(rows, a.ID)
				want := s.AgentPerms(a.ID)
				for _, g := range s.Groups {
					for _, k := range perms.AllKeys {
						if got[g.ID].Has(k) != want[g.ID][k] {
							t.Errorf("agent %s, group %s, key %s: %v, fake says %v", a.Login, g.Name, k, got[g.ID].Has(k), want[g.ID][k])
						}
					}
				}
			}
		})
	})
}

// permissions checks OTRS's rules on three agents of the demo data.
func permissions(t *testing.T, cat otrs.Catalog) {
	rows, err := cat.PermissionRows(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const support, sales, restricted, retired = 5, 6, 7, 8
	cases := []struct {
		name    string
		agent   int
		group   int
		allowed []string
	}{
		{"agent.ro has ro and note on support", 3, support, []string{"ro", "note"}},
		{"agent.ro has nothing on sales", 3, sales, nil},
		{"agent.ro's rw on the invalid group retired counts for nothing", 3, retired, nil},
		{"agent.full has rw, so every key, on support", 2, support, perms.AllKeys},
		{"agent.full has rw on sales directly", 2, sales, perms.AllKeys},
		{"agent.full has nothing on restricted (role key with permission_value 0)", 2, restricted, nil},
		{"root has every key on restricted", 1, restricted, perms.AllKeys},
		{"unknown agent has nothing", 999, support, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keys := perms.Compute(rows, tc.agent)[tc.group]
			for _, k := range perms.AllKeys {
				if got, want := keys.Has(k), slices.Contains(tc.allowed, k); got != want {
					t.Errorf("key %s: %v, want %v", k, got, want)
				}
			}
		})
	}
	t.Run("role Sales Team grants ro on sales", func(t *testing.T) {
		// Without its direct rw, agent.full still reads sales through the role.
		r := *rows
		r.GroupUsers = slices.DeleteFunc(slices.Clone(rows.GroupUsers), func(gu otrs.GroupUser) bool {
			return gu.UserID == 2 && gu.GroupID == sales
		})
		keys := perms.Compute(&r, 2)[sales]
		if got := keys.List(); !reflect.DeepEqual(got, []string{"ro"}) {
			t.Errorf("keys %v, want [ro]", got)
		}
		r.Roles = []otrs.Role{{ID: 1, Name: "Sales Team", ValidID: 2}}
		if got := perms.Compute(&r, 2)[sales].List(); len(got) != 0 {
			t.Errorf("invalid role still grants %v", got)
		}
	})
}

// secrets are the fixture's secret preferences and stored password
// hashes, and the passwords long enough not to be a login too (demo/demo).
func secrets(s *fakeotrs.Store) []string {
	out := []string{dbtest.SecretToken, dbtest.Secret2FA}
	s.Lock(func(s *fakeotrs.Store) {
		var pws []string
		for _, a := range s.Agents {
			pws = append(pws, a.Password)
		}
		for _, c := range s.CustomerUsers {
			pws = append(pws, c.Password)
		}
		for _, pw := range pws {
			out = append(out, dbtest.PasswordHash(pw))
			if len(pw) >= 8 {
				out = append(out, pw)
			}
		}
	})
	return out
}

// canon renders v as JSON, so that nil and empty slices compare equal.
func canon(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(string(b), "null", "[]")
	return s
}
