// Package e2e walks an agent's ordinary day through the whole proxy: log
// in, read, create and change a ticket, attach and fetch a file, put it on
// hold, watch it, add a customer user, log out. By default it runs against
// the built-in fake OTRS, once per line it imitates (OTRS 6.0, Znuny 6.5
// and 7.0, OTOBO 11); with RS4OTRS_OTRS_URL set it runs against that
// real OTRS, configured by the same RS4OTRS_* variables as the proxy
// (see README, "Trying it against your OTRS"). It writes one ticket and
// one customer user there.
package e2e

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
)

// day is the agent and data the walk uses; the fake's seed and the
// recordings' seed both have them.
type day struct {
	user, password string
	customer       string // a customer user of company acme
	queue          string
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// start returns a client for the proxy in front of the real OTRS.
func start(t *testing.T) *apptest.Env {
	t.Helper()
	cfg, err := config.Load(false)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Listen = "127.0.0.1:0"
	if cfg.DataDir == "data" {
		cfg.DataDir = t.TempDir()
	}
	log := zerolog.Nop()
	if testing.Verbose() {
		log = zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.WarnLevel)
	}
	return apptest.Serve(t, cfg, log)
}

// TestAgentDay walks the day against the real OTRS, or against demo mode
// of every line the fake imitates (RS4OTRS_DEMO_PRODUCT).
func TestAgentDay(t *testing.T) {
	if os.Getenv("RS4OTRS_OTRS_URL") != "" {
		agentDay(t, start(t))
		return
	}
	for _, product := range config.DemoProducts {
		t.Run(product, func(t *testing.T) {
			agentDay(t, apptest.Start(t, func(c *config.Config) { c.DemoProduct = product }))
		})
	}
}

func agentDay(t *testing.T, e *apptest.Env) {
	d := day{
		user:     env("E2E_USER", "agent.full"),
		password: env("E2E_PASSWORD", "AgentFull123!"),
		customer: env("E2E_CUSTOMER", "jdoe"),
		queue:    env("E2E_QUEUE", "Support"),
	}
	login := e.CallJSON("/auth/login", map[string]any{"User": d.user, "Password": d.password})
	if login["Response"] != "OK" {
		t.Fatalf("login: %v", login)
	}
	tok := login["SessionValue"].(string)
	ok := func(step, path string, params map[string]any) map[string]any {
		t.Helper()
		out := e.CallJSON(path, e.As(tok, params))
		if out["Response"] != "OK" {
			t.Fatalf("%s: %s answered %v", step, path, out)
		}
		return out
	}
	refused := func(step, path string, params map[string]any, msg string) {
		t.Helper()
		out := e.CallJSON(path, e.As(tok, params))
		if out["Response"] != "ERROR" || out["Message"] != msg {
			t.Fatalf("%s: %s answered %v, want ERROR %q", step, path, out, msg)
		}
	}

	queueID := findQueue(t, ok("queues", "/queues/getQueueList", nil), d.queue)
	created := ok("create a ticket without a type", "/tickets/createTicket", map[string]any{
		"Title": "e2e: printer on fire", "QueueID": queueID, "PriorityID": 3,
		"CustomerUserID": d.customer, "Body": "It smokes.", "ArticleType": "Phone",
	})
	ticketID := num(t, created["TicketID"])
	ok("add a note", "/tickets/createArticle", map[string]any{
		"TicketID": ticketID, "Subject": "Checked", "Body": "Fire is out.", "ArticleType": "Internal",
	})

	content := []byte("e2e attachment\n")
	ok("attach a file", "/tickets/createAttachment", map[string]any{
		"TicketID": ticketID,
		"File":     map[string]any{"Content": base64.StdEncoding.EncodeToString(content), "ContentType": "text/plain", "Filename": "e2e.txt"},
	})
	articleID, fileID := findAttachment(t, ok("articles", "/tickets/getArticles", map[string]any{"TicketID": ticketID}), "e2e.txt")
	status, got := e.Call("/tickets/getAttachment", e.As(tok, map[string]any{"TicketID": ticketID, "ArticleID": articleID, "FileID": fileID}))
	if status != 200 || string(got) != string(content) {
		t.Fatalf("getAttachment: %d %q, want %q", status, got, content)
	}

	ok("put it on hold", "/tickets/updateState", map[string]any{"TicketID": ticketID, "State": "pending reminder"})
	held := ticket(t, ok("read it back", "/tickets/getTicketList", map[string]any{"TicketID": ticketID}))
	if held["State"] != "pending reminder" || held["UntilTime"] == nil {
		t.Fatalf("after updateState pending: State %v UntilTime %v", held["State"], held["UntilTime"])
	}
	until := time.Now().Add(48 * time.Hour).Unix()
	ok("move the reminder", "/tickets/updatePendingTime", map[string]any{"TicketID": ticketID, "UntilTimeDateUnix": until})
	ok("reopen", "/tickets/updateState", map[string]any{"TicketID": ticketID, "State": "open"})
	refused("a reminder on an open ticket", "/tickets/updatePendingTime", map[string]any{"TicketID": ticketID, "UntilTimeDateUnix": until}, "Cannot update PendingTime")

	ok("watch it", "/tickets/watchTicket", map[string]any{"TicketID": ticketID, "Subscribe": 1})
	ok("mark it seen", "/tickets/markTicketAsSeen", map[string]any{"TicketID": ticketID, "Seen": 1})

	login2 := "e2e." + randomHex(t)
	ok("add a customer user", "/customers/createCustomerUser", map[string]any{
		"Firstname": "Eve", "Lastname": "Tester", "CustomerID": "acme", "Login": login2, "Email": login2 + "@mail.acme.test",
	})
	ok("find the new customer user", "/customers/getCustomerUser", map[string]any{"CustomerUser": login2})

	ok("log out", "/auth/logout", map[string]any{"ChallengeToken": login["ChallengeToken"]})
	refused("the old token", "/tickets/getTicketList", map[string]any{"TicketID": ticketID}, "Session invalid. Please log in again.")
}

func randomHex(t *testing.T) string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func num(t *testing.T, v any) int {
	t.Helper()
	f, ok := v.(float64)
	if !ok {
		t.Fatalf("want a number, got %v", v)
	}
	return int(f)
}

func findQueue(t *testing.T, out map[string]any, name string) int {
	t.Helper()
	qs, _ := out["Queues"].([]any)
	for _, q := range qs {
		if q := q.(map[string]any); q["FullName"] == name {
			return num(t, q["ID"])
		}
	}
	t.Fatalf("queue %q not in getQueueList: %v", name, out)
	return 0
}

func findAttachment(t *testing.T, out map[string]any, filename string) (articleID, fileID int) {
	t.Helper()
	arts, _ := out["Articles"].([]any)
	for _, a := range arts {
		a := a.(map[string]any)
		atts, _ := a["Attachments"].([]any)
		for _, f := range atts {
			f := f.(map[string]any)
			if f["Filename"] == filename {
				return num(t, a["ArticleID"]), num(t, f["FileID"])
			}
		}
	}
	t.Fatalf("no attachment %s in getArticles: %v", filename, out)
	return 0, 0
}

func ticket(t *testing.T, out map[string]any) map[string]any {
	t.Helper()
	ts, _ := out["Tickets"].([]any)
	if len(ts) != 1 {
		t.Fatalf("want one ticket, got %v", out)
	}
	return ts[0].(map[string]any)
}
