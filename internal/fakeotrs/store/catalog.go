package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// Catalog is the in-memory catalog over a Store: it serves demo mode and
// the method tests, and it answers exactly what otrs/db answers for the
// same data (both pass otrs/catalogtest).
type Catalog struct{ S *Store }

// NewCatalog returns the catalog of s.
func NewCatalog(s *Store) *Catalog { return &Catalog{S: s} }

func (c *Catalog) Queues(ctx context.Context) ([]otrs.Queue, error) {
	out := rows(c, func(s *Store) []*Queue { return s.Queues }, func(q *Queue) otrs.Queue { return otrs.Queue(*q) })
	return sortByID(out, func(q otrs.Queue) int { return q.ID }), nil
}

func (c *Catalog) Services(ctx context.Context) ([]otrs.Service, error) {
	out := rows(c, func(s *Store) []*Service { return s.Services }, func(v *Service) otrs.Service {
		return otrs.Service{ID: v.ID, Name: v.Name, ValidID: v.ValidID, Comment: v.Comment}
	})
	return sortByID(out, func(v otrs.Service) int { return v.ID }), nil
}

func (c *Catalog) CustomerServiceIDs(ctx context.Context, login string) ([]int, error) {
	var out []int
	c.S.Read(func(s *Store) {
		for _, v := range s.Services {
			if slices.Contains(v.Customers, login) {
				out = append(out, v.ID)
			}
		}
	})
	sort.Ints(out)
	return out, nil
}

func (c *Catalog) SLAs(ctx context.Context) ([]otrs.SLA, error) {
	out := rows(c, func(s *Store) []*SLA { return s.SLAs }, func(v *SLA) otrs.SLA {
		sla := otrs.SLA(*v)
		sla.ServiceIDs = slices.Clone(v.ServiceIDs)
		sort.Ints(sla.ServiceIDs)
		return sla
	})
	return sortByID(out, func(v otrs.SLA) int { return v.ID }), nil
}

func (c *Catalog) Types(ctx context.Context) ([]otrs.Item, error) {
	return c.items(func(s *Store) []*NamedItem { return s.Types }), nil
}

func (c *Catalog) Priorities(ctx context.Context) ([]otrs.Item, error) {
	return c.items(func(s *Store) []*NamedItem { return s.Priorities }), nil
}

func (c *Catalog) items(pick func(*Store) []*NamedItem) []otrs.Item {
	out := rows(c, pick, func(v *NamedItem) otrs.Item { return otrs.Item(*v) })
	return sortByID(out, func(v otrs.Item) int { return v.ID })
}

func (c *Catalog) States(ctx context.Context) ([]otrs.State, error) {
	var out []otrs.State
	c.S.Read(func(s *Store) {
		types := map[int]string{}
		for _, t := range s.StateTypes {
			types[t.ID] = t.Name
		}
		for _, v := range s.States {
			out = append(out, otrs.State{ID: v.ID, Name: v.Name, TypeID: v.TypeID, TypeName: types[v.TypeID], ValidID: v.ValidID})
		}
	})
	return sortByID(out, func(v otrs.State) int { return v.ID }), nil
}

// AgentPrefs returns the user_preferences rows the fake holds for a: the
// ones OTRS stores for every agent. The DB fixture seeds the same rows.
func AgentPrefs(a *Agent) map[string]string {
	p := map[string]string{"UserEmail": a.Email}
	if a.Language != "" {
		p["UserLanguage"] = a.Language
	}
	if a.TimeZone != "" {
		p["UserTimeZone"] = a.TimeZone
	}
	if a.OutOfOffice {
		p["OutOfOffice"] = "1"
	}
	return p
}

func (c *Catalog) Agents(ctx context.Context) ([]otrs.Agent, error) {
	out := rows(c, func(s *Store) []*Agent { return s.Agents }, func(a *Agent) otrs.Agent {
		return otrs.Agent{ID: a.ID, Login: a.Login, Title: a.Title, FirstName: a.FirstName, LastName: a.LastName,
			ValidID: a.ValidID, CreateTime: a.CreateTime, ChangeTime: a.CreateTime, Prefs: AgentPrefs(a)}
	})
	return sortByID(out, func(v otrs.Agent) int { return v.ID }), nil
}

func (c *Catalog) PermissionRows(ctx context.Context) (*otrs.PermissionRows, error) {
	r := &otrs.PermissionRows{AgentValid: map[int]bool{}}
	c.S.Read(func(s *Store) {
		for _, g := range s.Groups {
			r.Groups = append(r.Groups, otrs.Group(*g))
		}
		for _, ro := range s.Roles {
			r.Roles = append(r.Roles, otrs.Role{ID: ro.ID, Name: ro.Name, ValidID: ro.ValidID})
			for _, gid := range slices.Sorted(maps.Keys(ro.Perms)) {
				for _, k := range ro.Perms[gid] {
					r.GroupRoles = append(r.GroupRoles, otrs.GroupRole{RoleID: ro.ID, GroupID: gid, Key: k, Value: true})
				}
			}
		}
		for _, a := range s.Agents {
			r.AgentValid[a.ID] = a.ValidID == otrs.ValidID
			for _, gid := range slices.Sorted(maps.Keys(a.Perms)) {
				for _, k := range a.Perms[gid] {
					r.GroupUsers = append(r.GroupUsers, otrs.GroupUser{UserID: a.ID, GroupID: gid, Key: k})
				}
			}
			for _, rid := range a.RoleIDs {
				r.RoleUsers = append(r.RoleUsers, otrs.RoleUser{UserID: a.ID, RoleID: rid})
			}
		}
	})
	return r, nil
}

func (c *Catalog) CustomerCompanies(ctx context.Context) ([]otrs.CustomerCompany, error) {
	out := rows(c, func(s *Store) []*CustomerCompany { return s.CustomerCompanys }, func(v *CustomerCompany) otrs.CustomerCompany {
		return otrs.CustomerCompany{CustomerID: v.CustomerID, Name: v.Name, ValidID: v.ValidID}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].CustomerID < out[j].CustomerID })
	return out, nil
}

func (c *Catalog) CustomerUsers(ctx context.Context) ([]otrs.CustomerUser, error) {
	out := rows(c, func(s *Store) []*CustomerUser { return s.CustomerUsers }, func(v *CustomerUser) otrs.CustomerUser {
		return otrs.CustomerUser{Login: v.Login, Email: v.Email, CustomerID: v.CustomerID, Title: v.Title,
			FirstName: v.FirstName, LastName: v.LastName, Phone: v.Phone, Mobile: v.Mobile, Street: v.Street, Zip: v.Zip,
			City: v.City, Country: v.Country, Comment: v.Comment, ValidID: v.ValidID}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Login < out[j].Login })
	return out, nil
}

func (c *Catalog) Languages(ctx context.Context) ([]otrs.Language, error) {
	var out []otrs.Language
	c.S.Read(func(s *Store) {
		for _, id := range slices.Sorted(maps.Keys(s.Languages)) {
			out = append(out, otrs.Language{ID: id, Name: s.Languages[id]})
		}
	})
	return out, nil
}

func (c *Catalog) Packages(ctx context.Context) ([]otrs.Package, error) {
	out := rows(c, func(s *Store) []*Package { return s.Packages }, func(p *Package) otrs.Package { return otrs.Package(*p) })
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (c *Catalog) DynamicFields(ctx context.Context) ([]otrs.DynamicField, error) {
	out := rows(c, func(s *Store) []*DynamicField { return s.DynamicFields }, func(f *DynamicField) otrs.DynamicField {
		df := otrs.DynamicField(*f)
		df.Config = maps.Clone(f.Config)
		return df
	})
	return sortByID(out, func(v otrs.DynamicField) int { return v.ID }), nil
}

func (c *Catalog) TicketQueue(ctx context.Context, ticketID int) (int, error) {
	q := 0
	c.S.Read(func(s *Store) {
		if t := s.TicketByID(ticketID); t != nil {
			q = t.QueueID
		}
	})
	if q == 0 {
		return 0, fmt.Errorf("ticket %d: %w", ticketID, otrs.ErrNotFound)
	}
	return q, nil
}

func (c *Catalog) PersonalQueueIDs(ctx context.Context, agentID int) ([]int, error) {
	var out []int
	c.S.Read(func(s *Store) {
		if a := s.AgentByID(agentID); a != nil {
			out = slices.Clone(a.PersonalQueues)
		}
	})
	sort.Ints(out)
	return out, nil
}

// QueueSubscribers returns the agents with the queue among their "My
// Queues".
func (c *Catalog) QueueSubscribers(ctx context.Context, queueID int) ([]int, error) {
	var out []int
	c.S.Read(func(s *Store) {
		for _, a := range s.Agents {
			if slices.Contains(a.PersonalQueues, queueID) {
				out = append(out, a.ID)
			}
		}
	})
	return out, nil
}

func (c *Catalog) Watchers(ctx context.Context, ticketID int) ([]int, error) {
	var out []int
	c.S.Read(func(s *Store) {
		if t := s.TicketByID(ticketID); t != nil {
			out = slices.Clone(t.Watchers)
		}
	})
	sort.Ints(out)
	return out, nil
}

// rows converts the rows pick returns, read under the store's lock.
func rows[R, T any](c *Catalog, pick func(*Store) []*R, conv func(*R) T) []T {
	var out []T
	c.S.Read(func(s *Store) {
		for _, v := range pick(s) {
			out = append(out, conv(v))
		}
	})
	return out
}

func sortByID[T any](xs []T, id func(T) int) []T {
	sort.SliceStable(xs, func(i, j int) bool { return id(xs[i]) < id(xs[j]) })
	return xs
}

// Settings reads the deployed SysConfig values of the Store, as the SQL
// catalog reads sysconfig_default/sysconfig_modified, and the product
// the Store imitates.
func (c *Catalog) Settings(ctx context.Context) (otrs.Settings, error) {
	values := map[string]string{}
	var product otrs.Product
	c.S.Read(func(s *Store) {
		for _, name := range otrs.SettingNames {
			if v, ok := s.SysConfig[name]; ok {
				values[name] = v
			}
		}
		for _, name := range []string{"SessionName", "Ticket::OwnerResetOnUnlock"} {
			values[name] = s.Setting(name)
		}
		product = s.Dialect().Product
	})
	st, err := otrs.ParseSettings(values)
	st.Product = product
	st.SessionName = values["SessionName"]
	st.OwnerResetOnUnlock = values["Ticket::OwnerResetOnUnlock"] == "1"
	return st, err
}
