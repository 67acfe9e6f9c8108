package store

// permKeys are OTRS's group permission keys; rw implies all of them.
var permKeys = []string{"ro", "move_into", "create", "note", "owner", "priority", "rw"}

// AgentPerms returns the permissions agentID holds, by group id: the
// agent's direct grants plus those of its valid roles, on valid groups
// only. rw implies every key. An unknown or invalid agent has none. The
// caller holds s.Mu.
func (s *Store) AgentPerms(agentID int) map[int]map[string]bool {
	out := map[int]map[string]bool{}
	a := s.AgentByID(agentID)
	if a == nil || a.ValidID != 1 {
		return out
	}
	validGroup := map[int]bool{}
	for _, g := range s.Groups {
		validGroup[g.ID] = g.ValidID == 1
	}
	grant := func(perms map[int][]string) {
		for gid, keys := range perms {
			if !validGroup[gid] {
				continue
			}
			m := out[gid]
			if m == nil {
				m = map[string]bool{}
				out[gid] = m
			}
			for _, k := range keys {
				if k == "rw" {
					for _, all := range permKeys {
						m[all] = true
					}
					continue
				}
				m[k] = true
			}
		}
	}
	grant(a.Perms)
	for _, rid := range a.RoleIDs {
		for _, r := range s.Roles {
			if r.ID == rid && r.ValidID == 1 {
				grant(r.Perms)
			}
		}
	}
	return out
}

// AgentHas reports whether agentID holds key on groupID. The caller holds
// s.Mu.
func (s *Store) AgentHas(agentID, groupID int, key string) bool {
	return s.AgentPerms(agentID)[groupID][key]
}

func (s *Store) AgentByID(id int) *Agent {
	for _, a := range s.Agents {
		if a.ID == id {
			return a
		}
	}
	return nil
}

func (s *Store) AgentByLogin(login string) *Agent {
	for _, a := range s.Agents {
		if a.Login == login {
			return a
		}
	}
	return nil
}
