package gi

import (
	"context"
	"errors"
	"path"
	"testing"
)

// TestReplayReal2 reads the answers of real2's three systems that differ
// from the first round's: create and update answers with every id a
// string (02, 04), and OTRS 6.0's missing SessionRemove (otrs60/13, 14),
// which must come back as ErrNotFound, not as a transport failure.
func TestReplayReal2(t *testing.T) {
	ctx := context.Background()
	for _, dir := range []string{"real2/znuny65", "real2/znuny70", "real2/otrs60"} {
		t.Run(dir, func(t *testing.T) {
			c := replay(t, loadJSON[recording](t, dir, "02"))
			created, err := c.TicketCreate(ctx, "s", TicketRequest{Ticket: &TicketInput{Title: "real2 pending test"}})
			if err != nil || created.TicketID == 0 || created.ArticleID == 0 || created.TicketNumber == "" {
				t.Fatalf("TicketCreate (02): %+v %v", created, err)
			}
			c = replay(t, loadJSON[recording](t, dir, "04"))
			updated, err := c.TicketUpdate(ctx, "s", int(created.TicketID), TicketRequest{Ticket: &TicketInput{State: "pending reminder"}})
			if err != nil || updated.TicketID != created.TicketID || updated.TicketNumber != created.TicketNumber {
				t.Fatalf("TicketUpdate (04): %+v %v, created %+v", updated, err, created)
			}
			rec := loadJSON[recording](t, dir, "14")
			c = replay(t, rec)
			err = c.SessionRemove(ctx, path.Base(rec.Request.Path), "agent.full", "x")
			switch {
			case dir == "real2/otrs60" && !errors.Is(err, ErrNotFound):
				t.Fatalf("SessionRemove (14) on OTRS 6: %v, want ErrNotFound", err)
			case dir != "real2/otrs60" && err != nil:
				t.Fatalf("SessionRemove (14): %v", err)
			}
		})
	}
}
