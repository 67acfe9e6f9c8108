package store

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// The catalog's per-ticket facts, from the store as otrs/db reads them
// from ticket_flag, ticket_watcher, link_relation, article and
// article_flag.

func (c *Catalog) ArticleTicketID(ctx context.Context, articleID int) (int, error) {
	id := 0
	c.S.Read(func(s *Store) {
		if t, _ := s.ArticleByID(articleID); t != nil {
			id = t.ID
		}
	})
	if id == 0 {
		return 0, fmt.Errorf("article %d: %w", articleID, otrs.ErrNotFound)
	}
	return id, nil
}

func (c *Catalog) TicketFlags(ctx context.Context, agentID int, ticketIDs []int) (map[int]otrs.TicketFlags, error) {
	out := map[int]otrs.TicketFlags{}
	c.S.Read(func(s *Store) {
		for _, t := range s.Tickets {
			if !slices.Contains(ticketIDs, t.ID) {
				continue
			}
			f := otrs.TicketFlags{Seen: t.SeenBy[agentID], Watchers: slices.Clone(t.Watchers), Links: t.Links}
			sort.Ints(f.Watchers)
			if f.Seen || len(f.Watchers) > 0 || f.Links > 0 {
				out[t.ID] = f
			}
		}
	})
	return out, nil
}

func (c *Catalog) ArticlesSeen(ctx context.Context, agentID int, articleIDs []int) (map[int]bool, error) {
	out := map[int]bool{}
	c.S.Read(func(s *Store) {
		for _, t := range s.Tickets {
			for _, a := range t.Articles {
				if a.SeenBy[agentID] && slices.Contains(articleIDs, a.ID) {
					out[a.ID] = true
				}
			}
		}
	})
	return out, nil
}
