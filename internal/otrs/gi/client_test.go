package gi_test

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/fakeotrstest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// TestClientAgainstFake runs every operation of the client against the
// fake OTRS of each line, once per transport: REST with each route set,
// and SOAP. OTRS 6.0 and OTOBO 11 have no SessionRemove, and the client
// reads OTRS's 500 "determine Operation" (stock routes), and OTOBO's 500
// "Can't load operation backend module" (the proxy's web service routes
// to it, real2/otobo11/46), as ErrNotFound.
func TestClientAgainstFake(t *testing.T) {
	for p, d := range fakeotrs.Dialects {
		for _, tc := range []struct {
			name      string
			path      func(fakeotrs.Paths) string
			transport gi.Transport
		}{
			{"stock", func(p fakeotrs.Paths) string { return p.StockWebservice }, gi.StockRoutes},
			{"proxy", func(p fakeotrs.Paths) string { return p.ProxyWebservice }, gi.ProxyRoutes},
			{"soap", func(p fakeotrs.Paths) string { return p.SOAPWebservice }, gi.SOAP},
		} {
			t.Run(string(p)+"/"+tc.name, func(t *testing.T) {
				o, srv := fakeotrstest.StartFor(t, p)
				c, err := gi.New(gi.Config{URL: srv.URL + tc.path(o.Paths()), Transport: tc.transport, Timeout: 10 * time.Second})
				if err != nil {
					t.Fatal(err)
				}
				exerciseClient(t, c, tc.transport != gi.SOAP && d.SessionRemove, tc.name == "proxy")
			})
		}
	}
}

// exerciseClient runs every operation; the stock SOAP web service has no
// SessionRemove (hasRemove false), and only the proxy's web service
// answers a TicketCreate or TicketUpdate with the ticket (withTicket,
// its IncludeTicketData).
func exerciseClient(t *testing.T, c *gi.Client, hasRemove, withTicket bool) {
	ctx := context.Background()
	const login, password = "agent.full", "AgentFull123!"

	if _, err := c.SessionCreate(ctx, login, "wrong"); !errors.Is(err, gi.ErrInvalidSession) {
		t.Fatalf("SessionCreate with a bad password: %v, want ErrInvalidSession", err)
	}
	sid, err := c.SessionCreate(ctx, login, password)
	if err != nil {
		t.Fatalf("SessionCreate: %v", err)
	}
	sess, err := c.SessionGet(ctx, sid)
	if err != nil || sess["UserLogin"] != login || sess["UserType"] != "User" {
		t.Fatalf("SessionGet: %v %v", sess, err)
	}
	if _, err := c.SessionGet(ctx, "nosuchsession"); !errors.Is(err, gi.ErrInvalidSession) {
		t.Fatalf("SessionGet unknown: %v", err)
	}

	created, err := c.TicketCreate(ctx, sid, gi.TicketRequest{
		Ticket: &gi.TicketInput{Title: "Client test", Queue: "Support", Type: "Incident", State: "new", Priority: "3 normal", CustomerUser: "jdoe"},
		Article: &gi.ArticleInput{CommunicationChannel: "Email", SenderType: "customer", IsVisibleForCustomer: 1,
			Subject: "Client test", Body: "Body text", ContentType: "text/plain; charset=utf8"},
		DynamicField: []gi.FieldInput{{Name: "Severity", Value: "high"}},
		Attachment:   []gi.AttachmentInput{{Content: base64.StdEncoding.EncodeToString([]byte("hello")), ContentType: "text/plain", Filename: "a.txt"}},
	})
	if err != nil || created.TicketID == 0 || created.TicketNumber == "" || created.ArticleID == 0 {
		t.Fatalf("TicketCreate: %+v %v", created, err)
	}
	if _, err := c.TicketCreate(ctx, sid, gi.TicketRequest{
		Ticket:       &gi.TicketInput{Title: "x", Queue: "Support", Type: "Incident", State: "new", Priority: "3 normal", CustomerUser: "jdoe"},
		Article:      &gi.ArticleInput{Subject: "x", Body: "x", ContentType: "text/plain; charset=utf8"},
		DynamicField: []gi.FieldInput{{Name: "Severity", Value: "catastrophic"}},
	}); !errors.Is(err, gi.ErrInvalidParameter) {
		t.Fatalf("TicketCreate with a bad dropdown value: %v", err)
	}

	id := int(created.TicketID)
	checkWritten(t, "TicketCreate", created, withTicket, "Client test", "new")
	upd, err := c.TicketUpdate(ctx, sid, id, gi.TicketRequest{
		Ticket:  &gi.TicketInput{Title: "Client test (updated)", State: "open"},
		Article: &gi.ArticleInput{CommunicationChannel: "Internal", SenderType: "agent", Subject: "note", Body: "note", ContentType: "text/plain; charset=utf8"},
	})
	if err != nil || int(upd.TicketID) != id || upd.ArticleID == 0 {
		t.Fatalf("TicketUpdate: %+v %v", upd, err)
	}
	checkWritten(t, "TicketUpdate", upd, withTicket, "Client test (updated)", "open")
	if _, err := c.TicketUpdate(ctx, sid, 9, gi.TicketRequest{Ticket: &gi.TicketInput{Title: "x"}}); !errors.Is(err, gi.ErrAccessDenied) {
		t.Fatalf("TicketUpdate on the restricted ticket: %v", err)
	}
	if _, err := c.TicketUpdate(ctx, sid, id, gi.TicketRequest{Ticket: &gi.TicketInput{State: "pending reminder"}}); !errors.Is(err, gi.ErrMissingParameter) {
		t.Fatalf("TicketUpdate to pending without a time: %v", err)
	}

	tickets, err := c.TicketGet(ctx, sid, []int{id, 5}, gi.GetOptions{DynamicFields: true, AllArticles: true, Attachments: true, GetAttachmentContents: true})
	if err != nil || len(tickets) != 2 {
		t.Fatalf("TicketGet: %d tickets, %v", len(tickets), err)
	}
	if got := tickets[0]; got.Title != "Client test (updated)" || got.State != "open" || len(got.Article) != 2 || fieldValue(got, "Severity") != "high" {
		t.Fatalf("TicketGet: ticket %+v", got)
	}
	if att := tickets[0].Article[0].Attachment; len(att) != 1 || att[0].Filename != "a.txt" || att[0].Content != gi.Text(base64.StdEncoding.EncodeToString([]byte("hello"))) {
		t.Fatalf("TicketGet: attachments %+v", att)
	}
	noContent, err := c.TicketGet(ctx, sid, []int{5}, gi.GetOptions{AllArticles: true, Attachments: true})
	if err != nil || len(noContent[0].Article[0].Attachment) != 1 || noContent[0].Article[0].Attachment[0].Content != "" {
		t.Fatalf("TicketGet without contents: %+v %v", noContent, err)
	}
	if _, err := c.TicketGet(ctx, sid, []int{2, 999999}, gi.GetOptions{}); !errors.Is(err, gi.ErrAccessDenied) {
		t.Fatalf("TicketGet with an unknown id: %v", err)
	}

	ids, err := c.TicketSearch(ctx, sid, gi.Search{"Title": "Client test*", "StateType": []string{"open"}})
	if err != nil || len(ids) != 1 || ids[0] != id {
		t.Fatalf("TicketSearch: %v %v", ids, err)
	}
	if err := c.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if ids, err := c.TicketSearch(ctx, sid, gi.Search{"Title": "NoSuchTitle"}); err != nil || len(ids) != 0 {
		t.Fatalf("TicketSearch without hits: %v %v", ids, err)
	}

	for _, tc := range []struct {
		ref  gi.AttachmentRef
		want string
	}{
		{gi.AttachmentRef{}, "hello"},
		{gi.AttachmentRef{AttachmentIndex: 1}, ""},
	} {
		rc, err := c.AttachmentContent(ctx, sid, id, tc.ref)
		if tc.want == "" {
			if !errors.Is(err, gi.ErrNoSuchAttachment) {
				t.Fatalf("AttachmentContent %+v: %v, want ErrNoSuchAttachment", tc.ref, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("AttachmentContent %+v: %v", tc.ref, err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || string(got) != tc.want {
			t.Fatalf("AttachmentContent %+v: %q %v", tc.ref, got, err)
		}
	}
	if _, err := c.AttachmentContent(ctx, sid, 9, gi.AttachmentRef{}); !errors.Is(err, gi.ErrAccessDenied) {
		t.Fatalf("AttachmentContent of the restricted ticket: %v", err)
	}

	hist, err := c.TicketHistoryGet(ctx, sid, []int{id})
	if err != nil || len(hist) != 1 || int(hist[0].TicketID) != id || !hasHistory(hist[0], "TitleUpdate") {
		t.Fatalf("TicketHistoryGet: %+v %v", hist, err)
	}

	if !hasRemove {
		if err := c.SessionRemove(ctx, sid, login, password); !errors.Is(err, gi.ErrNotFound) {
			t.Fatalf("SessionRemove without the operation: %v, want ErrNotFound", err)
		}
		// real2/otrs60/15, real2/otobo11/46: the session is still valid.
		if _, err := c.SessionGet(ctx, sid); err != nil {
			t.Fatalf("SessionGet after a failed SessionRemove: %v", err)
		}
		return
	}
	if err := c.SessionRemove(ctx, sid, login, password); err != nil {
		t.Fatalf("SessionRemove: %v", err)
	}
	if _, err := c.SessionGet(ctx, sid); !errors.Is(err, gi.ErrInvalidSession) {
		t.Fatalf("SessionGet after SessionRemove: %v", err)
	}
}

func fieldValue(t gi.Ticket, name string) any {
	for _, f := range t.DynamicField {
		if f.Name == name {
			return f.Value
		}
	}
	return nil
}

func hasHistory(h gi.History, typ string) bool {
	for _, e := range h.History {
		if string(e.HistoryType) == typ {
			return true
		}
	}
	return false
}

// checkWritten holds a TicketCreate or TicketUpdate answer to the ticket
// it carries: the one written, after the write, or none (!withTicket).
func checkWritten(t *testing.T, op string, out gi.Created, withTicket bool, title, state string) {
	t.Helper()
	if !withTicket {
		if out.Ticket != nil {
			t.Errorf("%s answered a ticket without IncludeTicketData: %+v", op, out.Ticket)
		}
		return
	}
	tk := out.Ticket
	if tk == nil || tk.TicketID != out.TicketID || tk.TicketNumber != out.TicketNumber || string(tk.Title) != title || string(tk.State) != state || len(tk.Article) == 0 {
		t.Errorf("%s: ticket %+v, want ticket %d titled %q in state %q, with its article", op, tk, out.TicketID, title, state)
	}
}
