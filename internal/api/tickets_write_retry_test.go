package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api/tickets/writes"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// lossyOTRS serves the fake OTRS but loses the answer to every write:
// the fake processes the request completely, then the connection is
// dropped (or held until the client gives up), as when OTRS is slow or a
// proxy in between times out.
type lossyOTRS struct {
	fake   http.Handler
	hang   bool
	writes atomic.Int32
}

func (l *lossyOTRS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	isWrite := (r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/Ticket")) || r.Method == http.MethodPatch
	if !isWrite {
		l.fake.ServeHTTP(w, r)
		return
	}
	l.writes.Add(1)
	l.fake.ServeHTTP(httptest.NewRecorder(), r) // processed, answer lost
	if l.hang {
		<-r.Context().Done() // until the client times out
		return
	}
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

// TestWritesNotRetried shows that a ticket or an article is written once
// when the answer is lost after OTRS processed the request, although the
// GI client retries (3 times) what is safe to retry.
func TestWritesNotRetried(t *testing.T) {
	for _, tc := range []struct {
		name   string
		hang   bool
		method string
	}{
		{"createTicket-dropped", false, "createTicket"},
		{"createTicket-timeout", true, "createTicket"},
		{"createArticle-dropped", false, "createArticle"},
		{"createArticle-timeout", true, "createArticle"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := fakeotrs.NewStore()
			lossy := &lossyOTRS{fake: fakeotrs.New(store), hang: tc.hang}
			srv := httptest.NewServer(lossy)
			defer srv.Close()
			client, err := gi.New(gi.Config{URL: srv.URL + fakeotrs.StockWebservicePath, Timeout: 300 * time.Millisecond, Retries: 3})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			tok, err := client.SessionCreate(ctx, "agent.full", "AgentFull123!")
			if err != nil {
				t.Fatal(err)
			}
			cat := fakeotrs.NewCatalog(store)
			ap := &api.API{GI: client, Catalog: cat, Perms: perms.New(cat, time.Minute)}
			agent := &session.User{ID: 2, Login: "agent.full", Email: "agent.full@helpdesk.example"}
			var nTickets, articles int
			count := func() (int, int) {
				var n, a int
				store.Lock(func(s *fakeotrs.Store) {
					n = len(s.Tickets)
					for _, tk := range s.Tickets {
						a += len(tk.Articles)
					}
				})
				return n, a
			}
			nTickets, articles = count()
			var call api.Method = writes.New(ap).CreateTicket
			params := api.Params{"Title": "Once", "QueueID": "5", "PriorityID": "3", "Body": "only once"}
			if tc.method == "createArticle" {
				call = writes.New(ap).CreateArticle
				params = api.Params{"TicketID": "2", "Subject": "Once", "Body": "only once"}
			}
			_, err = call(ctx, &api.Request{Agent: agent, Token: tok, Params: params})
			if err == nil {
				t.Fatal("a lost answer was reported as success")
			}
			if msg := api.ClientMessage(err); msg != api.MsgContactAdmin {
				t.Errorf("client message %q: a lost answer must not claim OTRS refused the write", msg)
			}
			n, a := count()
			if got := lossy.writes.Load(); got != 1 {
				t.Errorf("OTRS received the write %d times, want 1", got)
			}
			wantTickets := nTickets
			if tc.method == "createTicket" {
				wantTickets++
			}
			if n != wantTickets || a != articles+1 {
				t.Errorf("store has %d tickets (want %d) and %d articles (want %d)", n, wantTickets, a, articles+1)
			}
		})
	}
}
