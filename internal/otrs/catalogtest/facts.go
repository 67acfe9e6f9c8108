package catalogtest

import (
	"context"
	"errors"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// NewStore is the demo data with the per-ticket facts the demo seed lacks
// (Seen flags, several links, unordered watchers), so that the suite
// checks them on data that can tell a right answer from a wrong one.
// Give the same data to the catalog under test and to Run.
func NewStore() *fakeotrs.Store {
	s := fakeotrs.NewStore()
	s.Lock(func(s *fakeotrs.Store) {
		t1, t2, t4 := s.Tickets[0], s.Tickets[1], s.Tickets[3]
		t1.SeenBy = map[int]bool{2: true, 3: true}
		t2.SeenBy = map[int]bool{1: true, 2: false}
		t4.Links = 3
		t4.Watchers = []int{3, 2}
		t1.Articles[0].SeenBy = map[int]bool{2: true}
		t2.Articles[0].SeenBy = map[int]bool{2: true, 3: true}
	})
	return s
}

// facts checks the per-ticket facts against the store's.
func facts(t *testing.T, cat, want otrs.Catalog, store *fakeotrs.Store) {
	ctx := context.Background()
	var ticketIDs, articleIDs []int
	articleTicket := map[int]int{}
	store.Lock(func(s *fakeotrs.Store) {
		for _, tk := range s.Tickets {
			ticketIDs = append(ticketIDs, tk.ID)
			for _, a := range tk.Articles {
				articleIDs = append(articleIDs, a.ID)
				articleTicket[a.ID] = tk.ID
			}
		}
	})
	// More ids than one statement takes, most of them unknown.
	many := make([]int, 1200)
	for i := range many {
		many[i] = i + 1
	}
	for _, agent := range []int{1, 2, 3, 999} {
		for name, ids := range map[string][]int{"tickets": ticketIDs, "many": many, "none": nil} {
			got, err := cat.TicketFlags(ctx, agent, ids)
			if err != nil {
				t.Fatalf("TicketFlags agent %d %s: %v", agent, name, err)
			}
			exp, err := want.TicketFlags(ctx, agent, ids)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := canon(t, got), canon(t, exp); g != w {
				t.Errorf("TicketFlags agent %d %s\n got %s\nwant %s", agent, name, g, w)
			}
		}
		got, err := cat.ArticlesSeen(ctx, agent, append(articleIDs, 987654))
		if err != nil {
			t.Fatalf("ArticlesSeen agent %d: %v", agent, err)
		}
		exp, _ := want.ArticlesSeen(ctx, agent, append(articleIDs, 987654))
		if g, w := canon(t, got), canon(t, exp); g != w {
			t.Errorf("ArticlesSeen agent %d\n got %s\nwant %s", agent, g, w)
		}
	}
	// The data must hold every kind of fact, or the comparisons prove little.
	f, _ := want.TicketFlags(ctx, 2, ticketIDs)
	seen, links, watched := false, 0, 0
	for _, x := range f {
		seen = seen || x.Seen
		links = max(links, x.Links)
		watched = max(watched, len(x.Watchers))
	}
	if !seen || links < 2 || watched < 2 {
		t.Errorf("test data lacks facts: seen %v, max links %d, max watchers %d", seen, links, watched)
	}

	for _, a := range articleIDs {
		id, err := cat.ArticleTicketID(ctx, a)
		if err != nil || id != articleTicket[a] {
			t.Errorf("article %d: ticket %d, %v; want %d", a, id, err, articleTicket[a])
		}
	}
	if _, err := cat.ArticleTicketID(ctx, 987654); !errors.Is(err, otrs.ErrNotFound) {
		t.Errorf("unknown article: err %v, want otrs.ErrNotFound", err)
	}
}
