package app_test

import (
	"context"
	"slices"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
)

// TestPushDirectory checks the catalog-backed push directory against the
// fake OTRS's own answers (fakeotrs.PushDirectory computes them from the
// store without the catalog or session/).
func TestPushDirectory(t *testing.T) {
	ctx := context.Background()
	store := fakeotrs.NewStore()
	cat := fakeotrs.NewCatalog(store)
	dir := app.NewPushDirectory(cat, perms.New(cat, 0))
	want := fakeotrs.PushDirectory{S: store}

	var agents, queues, tickets []int
	store.Lock(func(s *fakeotrs.Store) {
		for _, a := range s.Agents {
			agents = append(agents, a.ID)
		}
		for _, q := range s.Queues {
			queues = append(queues, q.ID)
		}
		for _, tk := range s.Tickets {
			tickets = append(tickets, tk.ID)
		}
	})
	agents = append(agents, 999)
	queues = append(queues, 999)
	tickets = append(tickets, 987654)

	readers := 0
	for _, a := range agents {
		for _, q := range queues {
			got, err := dir.CanRead(ctx, a, q)
			if err != nil {
				t.Fatal(err)
			}
			exp, _ := want.CanRead(ctx, a, q)
			if got != exp {
				t.Errorf("CanRead(agent %d, queue %d) = %v, want %v", a, q, got, exp)
			}
			if got {
				readers++
			}
		}
	}
	if readers == 0 || readers == len(agents)*len(queues) {
		t.Errorf("%d of %d agent/queue pairs readable: the data cannot tell right from wrong", readers, len(agents)*len(queues))
	}
	// same compares one list of the directory with the catalog's.
	same := func(what string, id int, got []int, err error, exp []int) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("%s(%d) = %v, want %v", what, id, got, exp)
		}
	}
	for _, q := range queues {
		got, err := dir.QueueSubscribers(ctx, q)
		exp, _ := want.QueueSubscribers(ctx, q)
		slices.Sort(got) // in no particular order, unlike the watchers
		same("QueueSubscribers", q, got, err, exp)
	}
	for _, tk := range tickets {
		got, err := dir.Watchers(ctx, tk)
		exp, _ := want.Watchers(ctx, tk)
		same("Watchers", tk, got, err, exp)
	}

	// agent.ro (3) reads Support (queue 5) but not Sales (7); agent.full
	// (2) reads Sales but not Restricted (8, a revoked role key).
	for _, tc := range []struct {
		agent, queue int
		want         bool
	}{{3, 5, true}, {3, 7, false}, {2, 7, true}, {2, 8, false}, {999, 5, false}, {2, 999, false}} {
		if got, _ := dir.CanRead(ctx, tc.agent, tc.queue); got != tc.want {
			t.Errorf("CanRead(%d, %d) = %v, want %v", tc.agent, tc.queue, got, tc.want)
		}
	}
}
