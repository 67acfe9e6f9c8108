package store

import (
	"context"
	"slices"
	"testing"
)

func TestPushDirectory(t *testing.T) {
	s := NewStore()
	d := PushDirectory{S: s}
	ctx := context.Background()
	s.Lock(func(s *Store) {
		s.Agents = append(s.Agents,
			&Agent{ID: 9, Login: "gone", ValidID: 2, Perms: map[int][]string{5: {"rw"}}, PersonalQueues: []int{5}},
			&Agent{ID: 10, Login: "sales.only", ValidID: 1, RoleIDs: []int{1}})
	})
	cases := []struct {
		name         string
		agent, queue int
		want         bool
	}{
		{"rw on Support", 2, 5, true},
		{"ro+note on Support", 3, 5, true},
		{"no rights on Sales", 3, 7, false},
		{"ro on Sales through a role", 10, 7, true},
		{"the role gives nothing on Support", 10, 5, false},
		{"invalid agent", 9, 5, false},
		{"unknown agent", 99, 5, false},
		{"unknown queue", 2, 99, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := d.CanRead(ctx, tc.agent, tc.queue); got != tc.want {
				t.Errorf("CanRead(%d, %d) = %v", tc.agent, tc.queue, got)
			}
		})
	}
	if got, _ := d.QueueSubscribers(ctx, 5); !slices.Equal(got, []int{2, 3, 4, 9}) {
		t.Errorf("subscribers of Support: %v", got)
	}
	if got, _ := d.Watchers(ctx, 3); !slices.Equal(got, []int{2}) {
		t.Errorf("watchers of ticket 3: %v", got)
	}
	if got, err := d.Watchers(ctx, 999); err != nil || got != nil {
		t.Errorf("watchers of a gone ticket: %v %v", got, err)
	}
	tk, err := d.ReadTicket(ctx, 2, 0)
	if err != nil || tk.Queue != "Support" || tk.State != "open" || tk.Owner != "agent.full" {
		t.Errorf("ReadTicket: %+v %v", tk, err)
	}
}
