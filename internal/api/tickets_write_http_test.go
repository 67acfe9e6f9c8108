package api_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// Agents of the demo data used by the write tests.
var writeAgents = map[string]string{
	"agent.full":     "AgentFull123!", // rw on users, support, sales; Europe/Berlin
	"agent.ro":       "AgentRo123!",   // ro+note on support
	"root@localhost": "RootPass123!",  // rw everywhere but admin-only groups
}

// ticketView is what a write may change on a ticket, for the golden
// files: the fields, and the articles added by the call.
type ticketView struct {
	ID, QueueID, TypeID, ServiceID, SLAID, StateID, PriorityID, LockID, OwnerID, ResponsibleID int
	Title, CustomerID, CustomerUserID, PendingUntil                                            string
	DynamicFields                                                                              map[string]any
	NewArticles                                                                                []articleView `json:",omitempty"`
}

type articleView struct {
	ID, Channel, SenderType int
	Visible                 bool
	From, To, Cc, ReplyTo   string
	Subject, Body, Type     string
	TimeUnit                float64
	DynamicFields           map[string]any
	Files                   []string `json:",omitempty"`
	// What the fake OTRS did about agent notifications for the article
	// (fakeotrs.Article.NoAgentNotify, AgentNotification).
	NoAgentNotify bool   `json:",omitempty"`
	Notification  string `json:",omitempty"`
}

type historyView struct {
	TicketID, ArticleID, CreateBy int
	Type, Name                    string
}

// writeOutcome is a write's golden file: the answer, and what the fake
// OTRS's store holds afterwards that differs from before.
type writeOutcome struct {
	Answer         json.RawMessage
	TicketCount    int
	ChangedTickets []ticketView
	NewHistory     []historyView
}

func viewTicket(t *fakeotrs.Ticket, oldArticles int) ticketView {
	v := ticketView{ID: t.ID, QueueID: t.QueueID, TypeID: t.TypeID, ServiceID: t.ServiceID, SLAID: t.SLAID,
		StateID: t.StateID, PriorityID: t.PriorityID, LockID: t.LockID, OwnerID: t.OwnerID, ResponsibleID: t.ResponsibleID,
		Title: t.Title, CustomerID: t.CustomerID, CustomerUserID: t.CustomerUserID, DynamicFields: t.DynamicFields}
	if !t.PendingUntil.IsZero() {
		v.PendingUntil = t.PendingUntil.UTC().Format("2006-01-02 15:04 MST")
	}
	for _, a := range t.Articles[min(oldArticles, len(t.Articles)):] {
		av := articleView{ID: a.ID, Channel: a.CommunicationChannelID, SenderType: a.SenderTypeID, Visible: a.IsVisibleForCustomer,
			From: a.From, To: a.To, Cc: a.Cc, ReplyTo: a.ReplyTo, Subject: a.Subject, Body: a.Body, Type: a.ContentType,
			TimeUnit: a.TimeUnit, DynamicFields: a.DynamicFields, NoAgentNotify: a.NoAgentNotify, Notification: a.AgentNotification}
		for _, f := range a.Attachments {
			av.Files = append(av.Files, fmt.Sprintf("%d %s %s %s %d bytes", f.FileID, f.Filename, f.ContentType, f.Disposition, len(f.Content)))
		}
		v.NewArticles = append(v.NewArticles, av)
	}
	return v
}

// storeState remembers every ticket's view and the history length.
type storeState struct {
	tickets  map[int]string
	articles map[int]int
	history  int
}

func snapshot(s *fakeotrs.Store) storeState {
	st := storeState{tickets: map[int]string{}, articles: map[int]int{}, history: len(s.History)}
	for _, t := range s.Tickets {
		b, _ := json.Marshal(viewTicket(t, len(t.Articles)))
		st.tickets[t.ID] = string(b)
		st.articles[t.ID] = len(t.Articles)
	}
	return st
}

// outcome runs one call and reports its answer and the store's changes.
func outcome(t *testing.T, env *apptest.Env, path string, params map[string]any) []byte {
	t.Helper()
	var before storeState
	env.Store.Lock(func(s *fakeotrs.Store) { before = snapshot(s) })
	_, answer := env.Call(path, params)
	out := writeOutcome{Answer: answer}
	env.Store.Lock(func(s *fakeotrs.Store) {
		out.TicketCount = len(s.Tickets)
		for _, tk := range s.Tickets {
			old, existed := before.tickets[tk.ID]
			v := viewTicket(tk, before.articles[tk.ID])
			b, _ := json.Marshal(viewTicket(tk, len(tk.Articles)))
			if !existed || old != string(b) || len(v.NewArticles) > 0 {
				out.ChangedTickets = append(out.ChangedTickets, v)
			}
		}
		for _, h := range s.History[before.history:] {
			out.NewHistory = append(out.NewHistory, historyView{h.TicketID, h.ArticleID, h.CreateBy, h.Type, h.Name})
		}
	})
	sort.Slice(out.ChangedTickets, func(i, j int) bool { return out.ChangedTickets[i].ID < out.ChangedTickets[j].ID })
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type writeCase struct {
	name   string
	agent  string
	path   string
	params map[string]any
}

// runWriteCases runs each case against a fresh demo proxy and compares
// the answer plus the store's changes with testdata/write/<name>.
func runWriteCases(t *testing.T, cases []writeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runWriteCase(t, tc, nil) })
	}
}

// runWriteCase runs one case against a fresh demo proxy started with
// opts, after setup (if any) has prepared the fake OTRS, and returns the
// proxy.
func runWriteCase(t *testing.T, tc writeCase, setup func(*fakeotrs.Store), opts ...apptest.Option) *apptest.Env {
	t.Helper()
	env := apptest.Start(t, opts...)
	agent := tc.agent
	if agent == "" {
		agent = "agent.full"
	}
	tok := env.Login(agent, writeAgents[agent])
	if setup != nil {
		setup(env.Store)
	}
	apptest.Golden(t, "write/"+tc.name, outcome(t, env, tc.path, env.As(tok, tc.params)))
	return env
}

// When OTRS cannot queue the mail of an e-mail ticket, GI has already
// made the ticket (and the article) and answers a 500: the client hears
// that the ticket exists without its article, so it does not retry.
func TestCreateTicketMailFails(t *testing.T) {
	env := apptest.Start(t)
	env.Store.Lock(func(s *fakeotrs.Store) { s.MailFails = true })
	tok := env.Login("agent.full", writeAgents["agent.full"])
	apptest.Golden(t, "write/createTicket-email-mail-fails", outcome(t, env, "/tickets/createTicket", env.As(tok, map[string]any{
		"Title": "Call back", "QueueID": 7, "PriorityID": 2, "Body": "Please call back.", "ArticleType": "Email",
		"To": "bwayne@globex.example", "CustomerUserID": "bwayne",
	})))
}

func file(content, ctype, name string) map[string]any {
	return map[string]any{"Content": content, "ContentType": ctype, "Filename": name}
}

func TestCreateTicket(t *testing.T) {
	runWriteCases(t, []writeCase{
		{"createTicket-minimal", "", "/tickets/createTicket", map[string]any{"Title": "Printer jams", "QueueID": 5, "PriorityID": 3, "Body": "It jams."}},
		{"createTicket-full", "", "/tickets/createTicket", map[string]any{
			"Title": "VPN down", "QueueID": "6", "PriorityID": 4, "Body": "<p>VPN is <b>down</b></p>", "ContentType": "text/html; charset=utf-8",
			"TypeID": 2, "ServiceID": 4, "SLAID": 2, "StateID": 6, "OwnerID": 1, "LockByOwner": 0,
			"CustomerUserID": "asmith", "CustomerID": "acme", "To": "support@helpdesk.example", "Cc": "boss@acme.example",
			"ReplyTo": "asmith@acme.example", "ArticleType": "Internal", "SenderType": "agent", "Estimated": 1.5,
			"Year": 2026, "Month": 12, "Day": 1, "Hour": 10, "Minute": 30,
			"DynamicFields": map[string]any{"Severity": "High", "Components": []any{"db", "Web"}, "DueDate": "2027-01-31", "ProductCode": 42},
		}},
		{"createTicket-email-unix-pending", "", "/tickets/createTicket", map[string]any{
			"Title": "Call back", "QueueID": 7, "PriorityID": 2, "Body": "Please call back.", "ArticleType": "Email",
			"To": "bwayne@globex.example", "CustomerUserID": "bwayne", "StateID": 6, "UntilTimeDateUnix": 1796198400,
		}},
		{"createTicket-explicit-lock", "root@localhost", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 4, "PriorityID": 1, "Body": "b", "Lock": "tmp_lock"}},
		{"createTicket-missing-all", "", "/tickets/createTicket", nil},
		{"createTicket-missing-some", "", "/tickets/createTicket", map[string]any{"Title": "x", "PriorityID": 3}},
		{"createTicket-no-permission-ro", "agent.ro", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 5, "PriorityID": 3, "Body": "b"}},
		{"createTicket-no-permission-restricted", "", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 8, "PriorityID": 3, "Body": "b"}},
		{"createTicket-queue-unknown", "", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 99, "PriorityID": 3, "Body": "b"}},
		{"createTicket-queue-not-a-number", "", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": "Support", "PriorityID": 3, "Body": "b"}},
		{"createTicket-priority-unknown", "", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 5, "PriorityID": 99, "Body": "b"}},
		{"createTicket-df-refused-by-otrs", "", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 5, "PriorityID": 3, "Body": "b", "DynamicFields": map[string]any{"Severity": "nope"}}},
		{"createTicket-df-unknown", "", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 5, "PriorityID": 3, "Body": "b", "DynamicFields": map[string]any{"NoSuchField": "1"}}},
		{"createTicket-pending-invalid", "", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 5, "PriorityID": 3, "Body": "b", "StateID": 6, "Year": 2026, "Month": 2, "Day": 30, "Hour": 1, "Minute": 0}},
		{"createTicket-pending-state-without-time", "", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 5, "PriorityID": 3, "Body": "b", "StateID": 6}},
		{"createTicket-article-type-unknown", "", "/tickets/createTicket", map[string]any{"Title": "x", "QueueID": 5, "PriorityID": 3, "Body": "b", "ArticleType": "Fax"}},
	})
}

func TestCreateArticle(t *testing.T) {
	runWriteCases(t, []writeCase{
		{"createArticle-note-state-pending-time-df", "", "/tickets/createArticle", map[string]any{
			"TicketID": 2, "Subject": "Waiting", "Body": "Waiting for the customer.", "ArticleType": "Internal", "SenderType": "agent",
			"State": "pending reminder", "Year": 2026, "Month": 12, "Day": 3, "Hour": 9, "Minute": 0, "Estimated": 2,
			"DynamicFields": map[string]any{"ProductCode": "MX-200", "Components": []any{}},
		}},
		{"createArticle-email-sent", "", "/tickets/createArticle", map[string]any{
			"TicketID": 2, "Subject": "Your mail server", "Body": "Fixed.", "ArticleType": "Email", "SenderType": "agent",
			"To": "jdoe@acme.example", "Cc": "asmith@acme.example", "StateID": 4,
		}},
		{"createArticle-default-phone-customer", "", "/tickets/createArticle", map[string]any{"TicketID": 5, "Subject": "Call", "Body": "Customer called."}},
		{"createArticle-ro-note-allowed", "agent.ro", "/tickets/createArticle", map[string]any{"TicketID": 2, "Subject": "n", "Body": "b", "ArticleType": "Internal"}},
		{"createArticle-ro-owner-refused", "agent.ro", "/tickets/createArticle", map[string]any{"TicketID": 2, "Subject": "n", "Body": "b", "OwnerID": 3}},
		{"createArticle-owner-and-lock", "", "/tickets/createArticle", map[string]any{"TicketID": 5, "Subject": "n", "Body": "b", "OwnerID": 1, "Lock": "lock"}},
		{"createArticle-missing", "", "/tickets/createArticle", map[string]any{"Subject": "s"}},
		{"createArticle-no-ticket", "", "/tickets/createArticle", map[string]any{"TicketID": 999, "Subject": "s", "Body": "b"}},
		{"createArticle-no-permission", "", "/tickets/createArticle", map[string]any{"TicketID": 9, "Subject": "s", "Body": "b"}},
		{"createArticle-state-unknown", "", "/tickets/createArticle", map[string]any{"TicketID": 2, "Subject": "s", "Body": "b", "StateID": 99}},
		{"createArticle-pending-without-time", "", "/tickets/createArticle", map[string]any{"TicketID": 2, "Subject": "s", "Body": "b", "StateID": 6}},
	})
}

func TestCreateAttachment(t *testing.T) {
	png := "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg=="
	runWriteCases(t, []writeCase{
		{"createAttachment-ticket", "", "/tickets/createAttachment", map[string]any{"TicketID": 2, "File": file(png, "image/png", "dot.png")}},
		{"createAttachment-article-only", "", "/tickets/createAttachment", map[string]any{"ArticleID": 4, "File": file("JVBERi0xLjQK\nJSVFT0YK", "application/pdf", "x.pdf")}},
		{"createAttachment-ro-note-allowed", "agent.ro", "/tickets/createAttachment", map[string]any{"TicketID": 2, "File": file("aGVsbG8=", "text/plain", "hello.txt")}},
		{"createAttachment-missing", "", "/tickets/createAttachment", nil},
		{"createAttachment-missing-file", "", "/tickets/createAttachment", map[string]any{"TicketID": 2}},
		{"createAttachment-file-part-missing", "", "/tickets/createAttachment", map[string]any{"TicketID": 2, "File": map[string]any{"Content": "aGVsbG8=", "Filename": "a.txt"}}},
		{"createAttachment-bad-base64", "", "/tickets/createAttachment", map[string]any{"TicketID": 2, "File": file("not base64!", "text/plain", "a.txt")}},
		{"createAttachment-ticket-incorrect", "", "/tickets/createAttachment", map[string]any{"TicketID": "abc", "File": file("aGVsbG8=", "text/plain", "a.txt")}},
		{"createAttachment-article-incorrect", "", "/tickets/createAttachment", map[string]any{"ArticleID": 99999, "File": file("aGVsbG8=", "text/plain", "a.txt")}},
		{"createAttachment-article-of-other-ticket", "", "/tickets/createAttachment", map[string]any{"TicketID": 3, "ArticleID": 4, "File": file("aGVsbG8=", "text/plain", "a.txt")}},
		{"createAttachment-no-ticket", "", "/tickets/createAttachment", map[string]any{"TicketID": 999, "File": file("aGVsbG8=", "text/plain", "a.txt")}},
		{"createAttachment-no-permission", "", "/tickets/createAttachment", map[string]any{"TicketID": 9, "File": file("aGVsbG8=", "text/plain", "a.txt")}},
	})
}
