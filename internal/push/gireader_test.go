package push

import (
	"context"
	"errors"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// stubGI is a GenericInterface with one ticket whose sessions expire on
// demand.
type stubGI struct {
	logins  int
	valid   string
	lastOpt gi.GetOptions
	failLog bool
}

func (s *stubGI) SessionCreate(_ context.Context, login, password string) (string, error) {
	if s.failLog || login != "push-reader" || password != "pw" {
		return "", gi.ErrInvalidSession
	}
	s.logins++
	s.valid = "sid-" + string(rune('0'+s.logins))
	return s.valid, nil
}

func (s *stubGI) TicketGet(_ context.Context, sid string, ids []int, opt gi.GetOptions) ([]gi.Ticket, error) {
	if sid != s.valid {
		return nil, gi.ErrInvalidSession
	}
	s.lastOpt = opt
	return []gi.Ticket{{TicketID: 19, TicketNumber: "2026112610000186", Title: "Push recording ticket", QueueID: 5,
		Queue: "Support", OwnerID: 3, Owner: "agent.ro", ChangeBy: 2,
		Article: []gi.Article{{ArticleID: 50, CreateBy: 1, Body: "other"}, {ArticleID: 49, CreateBy: 2, SenderType: "agent", Body: "note"}}}}, nil
}

func TestGIReader(t *testing.T) {
	ctx := context.Background()
	g := &stubGI{}
	r := NewGIReader(g, "push-reader", "pw")
	tk, err := r.ReadTicket(ctx, 19, 49)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Number != "2026112610000186" || tk.OwnerID != 3 || tk.ChangeBy != 2 || tk.Article == nil || tk.Article.CreateBy != 2 || tk.Article.Body != "note" {
		t.Errorf("ticket %+v article %+v", tk, tk.Article)
	}
	if !g.lastOpt.AllArticles {
		t.Error("articles not requested for an article event")
	}
	// The session is reused, and renewed once when OTRS dropped it.
	if _, err := r.ReadTicket(ctx, 19, 0); err != nil || g.logins != 1 || g.lastOpt.AllArticles {
		t.Errorf("second read: err %v, logins %d, opt %+v", err, g.logins, g.lastOpt)
	}
	g.valid = "expired"
	if _, err := r.ReadTicket(ctx, 19, 0); err != nil || g.logins != 2 {
		t.Errorf("after expiry: err %v, logins %d", err, g.logins)
	}
	// A refused login is reported, and not tried again at once (each
	// failure counts toward the account's lockout).
	g.valid, g.failLog = "expired-again", true
	if _, err := r.ReadTicket(ctx, 19, 0); !errors.Is(err, gi.ErrInvalidSession) {
		t.Errorf("refused login: err %v", err)
	}
	g.failLog = false
	if _, err := r.ReadTicket(ctx, 19, 0); err == nil || g.logins != 2 {
		t.Errorf("login tried again within the pause: err %v, logins %d", err, g.logins)
	}
}
