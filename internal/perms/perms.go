package perms

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/patrickmn/go-cache"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// AllKeys are OTRS's agent permission keys in the order OTRS lists
// them; rw implies every other one.
var AllKeys = []string{"ro", "move_into", "create", "note", "owner", "priority", "rw"}

// Keys is the set of permission keys an agent holds on one group, as
// granted (rw is not expanded; Has does that).
type Keys map[string]bool

// Has reports whether the keys allow key: rw allows everything.
func (k Keys) Has(key string) bool { return k["rw"] || k[key] }

// List returns the granted keys in OTRS's order.
func (k Keys) List() []string {
	out := []string{}
	for _, key := range AllKeys {
		if k[key] {
			out = append(out, key)
		}
	}
	return out
}

// GroupKeys maps a group id to the keys the agent holds there.
type GroupKeys map[int]Keys

// Source is the part of the catalog permissions are computed
// from.
type Source interface {
	PermissionRows(ctx context.Context) (*otrs.PermissionRows, error)
	Queues(ctx context.Context) ([]otrs.Queue, error)
}

// Permissions computes agents' permissions as OTRS does, from the raw
// group/role rows of the catalog, and caches each agent's result for a
// short TTL.
type Permissions struct {
	src   Source
	cache *cache.Cache
}

// New returns Permissions over src caching for ttl (default 30s).
func New(src Source, ttl time.Duration) *Permissions {
	if ttl <= 0 {
		ttl = 30 * time.Second
	}
	return &Permissions{src: src, cache: cache.New(ttl, 2*ttl)}
}

// Agent returns the keys agentID holds per group.
func (p *Permissions) Agent(ctx context.Context, agentID int) (GroupKeys, error) {
	k := strconv.Itoa(agentID)
	if v, ok := p.cache.Get(k); ok {
		return v.(GroupKeys), nil
	}
	rows, err := p.src.PermissionRows(ctx)
	if err != nil {
		return nil, fmt.Errorf("permissions of agent %d: %w", agentID, err)
	}
	gk := Compute(rows, agentID)
	p.cache.SetDefault(k, gk)
	return gk, nil
}

// Can reports whether agentID holds key (or rw) on groupID.
func (p *Permissions) Can(ctx context.Context, agentID, groupID int, key string) (bool, error) {
	gk, err := p.Agent(ctx, agentID)
	if err != nil {
		return false, err
	}
	return gk[groupID].Has(key), nil
}

// CanQueue reports whether agentID holds key (or rw) on the group of
// queueID; an unknown queue allows nothing.
func (p *Permissions) CanQueue(ctx context.Context, agentID, queueID int, key string) (bool, error) {
	qs, err := p.src.Queues(ctx)
	if err != nil {
		return false, fmt.Errorf("queue %d: %w", queueID, err)
	}
	for _, q := range qs {
		if q.ID == queueID {
			return p.Can(ctx, agentID, q.GroupID, key)
		}
	}
	return false, nil
}

// Compute applies OTRS's rules to the raw rows: an agent holds a key on a
// group when it is granted directly (group_user) or through a valid role
// the agent is a member of (role_user, group_role with permission_value
// 1); invalid groups and invalid agents hold nothing.
func Compute(r *otrs.PermissionRows, agentID int) GroupKeys {
	out := GroupKeys{}
	if r == nil || !r.AgentValid[agentID] {
		return out
	}
	validGroup := map[int]bool{}
	for _, g := range r.Groups {
		validGroup[g.ID] = g.ValidID == otrs.ValidID
	}
	grant := func(groupID int, key string) {
		if !validGroup[groupID] || !isKey(key) {
			return
		}
		if out[groupID] == nil {
			out[groupID] = Keys{}
		}
		out[groupID][key] = true
	}
	for _, gu := range r.GroupUsers {
		if gu.UserID == agentID {
			grant(gu.GroupID, gu.Key)
		}
	}
	validRole := map[int]bool{}
	for _, ro := range r.Roles {
		validRole[ro.ID] = ro.ValidID == otrs.ValidID
	}
	member := map[int]bool{}
	for _, ru := range r.RoleUsers {
		if ru.UserID == agentID && validRole[ru.RoleID] {
			member[ru.RoleID] = true
		}
	}
	for _, gr := range r.GroupRoles {
		if member[gr.RoleID] && gr.Value {
			grant(gr.GroupID, gr.Key)
		}
	}
	return out
}

func isKey(k string) bool {
	for _, x := range AllKeys {
		if x == k {
			return true
		}
	}
	return false
}
