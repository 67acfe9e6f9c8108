package api

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// UserListAnswer is the answer of /users/getUserList: each user is OTRS's
// agent record merged with the agent's preferences, without any secret
// (no UserPw, although the original's example shows it).
type UserListAnswer struct {
	Users []map[string]any
	Count int
}

// GetUserList lists the valid agents; with QueueID only those holding a
// permission on that queue's group.
func (a *API) GetUserList(ctx context.Context, r *Request) (any, error) {
	pm, err := a.perms() // no catalog, no permissions: errNoCatalog
	if err != nil {
		return nil, err
	}
	queueID, byQueue, err := r.Params.Int("QueueID")
	if err != nil {
		return nil, err
	}
	groupID := 0
	if byQueue {
		queues, err := catalogRows(ctx, a, "getUserList", otrs.Catalog.Queues)
		if err != nil {
			return nil, err
		}
		for _, q := range queues {
			if q.ID == queueID {
				groupID = q.GroupID
			}
		}
	}
	agents, err := catalogRows(ctx, a, "getUserList", otrs.Catalog.Agents)
	if err != nil {
		return nil, err
	}
	out := UserListAnswer{Users: []map[string]any{}}
	for _, ag := range agents {
		if ag.ValidID != otrs.ValidID {
			continue
		}
		if byQueue {
			keys, err := pm.Agent(ctx, ag.ID)
			if err != nil {
				return nil, err
			}
			if len(keys[groupID]) == 0 {
				continue
			}
		}
		out.Users = append(out.Users, userRecord(ag))
	}
	out.Count = len(out.Users)
	return out, nil
}

var numeric = regexp.MustCompile(`^(0|-?[1-9][0-9]{0,14})$`)

// userRecord is OTRS's flat agent record: preferences (numbers as numbers,
// "" as null) overlaid with the users row. Secrets never get here, and a
// key that looks like one is dropped all the same.
func userRecord(ag otrs.Agent) map[string]any {
	rec := map[string]any{}
	for k, v := range ag.Prefs {
		if otrs.IsSecretPref(k) {
			continue
		}
		switch {
		case v == "":
			rec[k] = nil
		case numeric.MatchString(v):
			n, _ := strconv.ParseInt(v, 10, 64)
			rec[k] = n
		default:
			rec[k] = v
		}
	}
	rec["UserID"] = ag.ID
	rec["UserLogin"] = ag.Login
	rec["UserFirstname"] = Nullable(ag.FirstName)
	rec["UserLastname"] = Nullable(ag.LastName)
	rec["UserFullname"] = Nullable(fullName(ag.FirstName, ag.LastName))
	rec["UserTitle"] = Nullable(ag.Title)
	rec["ValidID"] = ag.ValidID
	rec["CreateTime"] = dbTime(ag.CreateTime)
	rec["ChangeTime"] = dbTime(ag.ChangeTime)
	return rec
}

func fullName(first, last string) string {
	switch {
	case first == "":
		return last
	case last == "":
		return first
	}
	return first + " " + last
}

// GroupPermissions is one group of /users/getUserPermissions.
type GroupPermissions struct {
	ID          int
	Name        string
	Permissions []string
	Queues      []QueueRef
}

// QueueRef names a queue by id and full name.
type QueueRef struct {
	ID   int
	Name string
}

// UserPermissionsAnswer is the answer of /users/getUserPermissions.
type UserPermissionsAnswer struct {
	Groups []GroupPermissions
}

// GetUserPermissions lists the valid groups where the agent holds a key
// (directly or through a role), the keys in OTRS's order, and each group's
// valid queues, each once.
func (a *API) GetUserPermissions(ctx context.Context, r *Request) (any, error) {
	cat, keys, err := a.agentKeys(ctx, r.Agent.ID)
	if err != nil {
		return nil, err
	}
	rows, err := cat.PermissionRows(ctx)
	if err != nil {
		return nil, fmt.Errorf("getUserPermissions: %w", err)
	}
	queues, err := catalogRows(ctx, a, "getUserPermissions", otrs.Catalog.Queues)
	if err != nil {
		return nil, err
	}
	out := UserPermissionsAnswer{Groups: []GroupPermissions{}}
	for _, g := range rows.Groups {
		k := keys[g.ID]
		if len(k) == 0 {
			continue
		}
		gp := GroupPermissions{ID: g.ID, Name: g.Name, Permissions: k.List(), Queues: []QueueRef{}}
		for _, q := range queues {
			if q.GroupID == g.ID && q.ValidID == otrs.ValidID {
				gp.Queues = append(gp.Queues, QueueRef{q.ID, q.Name})
			}
		}
		out.Groups = append(out.Groups, gp)
	}
	return out, nil
}

// dbTime formats t as OTRS's "YYYY-MM-DD HH:MM:SS"; a zero time is null.
func dbTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateTime)
	return &s
}
