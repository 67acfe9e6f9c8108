package db

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// The per-ticket facts a ticket list needs: never cached, since the proxy
// itself changes them (reading a ticket sets Seen, subscribe watches), and
// read in one statement per batch of ids, never one per ticket.

// flagBatch bounds the ids of one statement: TicketFlags binds each id
// four times, well inside both servers' 65535 placeholders.
const flagBatch = 500

const qArticleTicket = "SELECT ticket_id FROM article WHERE id = ?"

// qTicketFlags reads, for the ids of {{ids}} (bound as numbers) and
// {{keys}} (the same ids as text: link keys are VARCHAR), the agent's
// Seen flag (kind 1), the watchers (kind 2, one row each) and the valid
// links where the ticket is the source (kind 3) or the target (kind 4).
// OTRS names the link objects in link_object ('Ticket', 'FAQ', ...) and
// the states in link_state ('Valid', 'Temporary').
const qTicketFlags = "SELECT 1, ticket_id, 0 FROM ticket_flag WHERE create_by = ? AND ticket_key = 'Seen' AND ticket_id IN ({{ids}})" +
	" UNION ALL SELECT 2, ticket_id, user_id FROM ticket_watcher WHERE ticket_id IN ({{ids}})" +
	" UNION ALL SELECT 3, CAST(r.source_key AS {{int}}), COUNT(*) FROM link_relation r" +
	" JOIN link_object o ON o.id = r.source_object_id JOIN link_state s ON s.id = r.state_id" +
	" WHERE o.name = 'Ticket' AND s.name = 'Valid' AND r.source_key IN ({{keys}}) GROUP BY r.source_key" +
	" UNION ALL SELECT 4, CAST(r.target_key AS {{int}}), COUNT(*) FROM link_relation r" +
	" JOIN link_object o ON o.id = r.target_object_id JOIN link_state s ON s.id = r.state_id" +
	" WHERE o.name = 'Ticket' AND s.name = 'Valid' AND r.target_key IN ({{keys}}) GROUP BY r.target_key"

const qArticlesSeen = "SELECT DISTINCT article_id FROM article_flag WHERE create_by = ? AND article_key = 'Seen' AND article_id IN ({{ids}})"

// ArticleTicketID is not cached: articles come and go with their tickets.
func (c *Catalog) ArticleTicketID(ctx context.Context, articleID int) (int, error) {
	ids, err := c.ints(ctx, "article ticket", qArticleTicket, articleID)
	if err != nil {
		return 0, fmt.Errorf("article %d: %w", articleID, err)
	}
	if len(ids) == 0 {
		return 0, fmt.Errorf("article %d: %w", articleID, otrs.ErrNotFound)
	}
	return ids[0], nil
}

func (c *Catalog) TicketFlags(ctx context.Context, agentID int, ticketIDs []int) (map[int]otrs.TicketFlags, error) {
	out := map[int]otrs.TicketFlags{}
	intType := "BIGINT"
	if c.schema.Driver == "mysql" {
		intType = "SIGNED"
	}
	for batch := range slices.Chunk(ticketIDs, flagBatch) {
		in := placeholders(len(batch))
		q := strings.NewReplacer("{{ids}}", in, "{{keys}}", in, "{{int}}", intType).Replace(qTicketFlags)
		args := make([]any, 0, 1+4*len(batch))
		args = append(args, agentID)
		args = appendInts(args, batch)
		args = appendInts(args, batch)
		for range 2 {
			for _, id := range batch {
				args = append(args, strconv.Itoa(id))
			}
		}
		err := c.scanAll(ctx, "ticket flags", q, func(r *sql.Rows) error {
			var kind, id, n int
			if err := r.Scan(&kind, &id, &n); err != nil {
				return err
			}
			f := out[id]
			switch kind {
			case 1:
				f.Seen = true
			case 2:
				f.Watchers = append(f.Watchers, n)
			default:
				f.Links += n
			}
			out[id] = f
			return nil
		}, args...)
		if err != nil {
			return nil, err
		}
	}
	for id, f := range out {
		slices.Sort(f.Watchers)
		out[id] = f
	}
	return out, nil
}

func (c *Catalog) ArticlesSeen(ctx context.Context, agentID int, articleIDs []int) (map[int]bool, error) {
	out := map[int]bool{}
	for batch := range slices.Chunk(articleIDs, flagBatch) {
		q := strings.ReplaceAll(qArticlesSeen, "{{ids}}", placeholders(len(batch)))
		args := appendInts([]any{agentID}, batch)
		err := c.scanAll(ctx, "article flags", q, func(r *sql.Rows) error {
			var id int
			err := r.Scan(&id)
			out[id] = true
			return err
		}, args...)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// placeholders returns "?, ?, ..." for n values (query rebinds them for
// PostgreSQL).
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func appendInts(args []any, ids []int) []any {
	for _, id := range ids {
		args = append(args, id)
	}
	return args
}
