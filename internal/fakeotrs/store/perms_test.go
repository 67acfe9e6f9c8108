package store

import (
	"testing"
)

func TestAgentPerms(t *testing.T) {
	s := NewStore()
	for _, tc := range []struct {
		agent, group int
		key          string
		want         bool
	}{
		{2, 5, "create", true},    // rw implies create
		{2, 6, "move_into", true}, // direct rw on sales beats the role's ro
		{3, 5, "ro", true},        // agent.ro: ro+note on support
		{3, 5, "note", true},
		{3, 5, "move_into", false},
		{3, 6, "ro", false},
		{3, 8, "ro", false}, // group 8 is invalid
		{2, 7, "ro", false}, // only root reads restricted
		{1, 7, "rw", true},
		{99, 1, "ro", false}, // unknown agent
	} {
		if got := s.AgentHas(tc.agent, tc.group, tc.key); got != tc.want {
			t.Errorf("AgentHas(%d, %d, %s) = %v, want %v", tc.agent, tc.group, tc.key, got, tc.want)
		}
	}
	// A role grants what the agent lacks directly.
	s.Agents[2].RoleIDs = []int{1}
	if !s.AgentHas(3, 6, "ro") || s.AgentHas(3, 6, "rw") {
		t.Error("role Sales Team should grant agent.ro ro (only) on sales")
	}
	s.Roles[0].ValidID = 2
	if s.AgentHas(3, 6, "ro") {
		t.Error("an invalid role must grant nothing")
	}
}
