package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db/dbtest"
)

// newCustomer is a createCustomerUser call's parameters.
func newCustomer(login string) map[string]any {
	return map[string]any{"Firstname": "Eve", "Lastname": "Gray", "CustomerID": "acme", "Login": login, "Email": login + "@mail.acme.test"}
}

// customerExists reports whether the fake OTRS stored login.
func customerExists(env *apptest.Env, login string) bool {
	found := false
	env.Store.Lock(func(s *fakeotrs.Store) {
		for _, cu := range s.CustomerUsers {
			found = found || cu.Login == login
		}
	})
	return found
}

// /auth/login makes an agent-interface session, which Znuny's
// AdminCustomerUser accepts (a GI session makes it crash, real2/znuny65/21,
// 27), and maps OTRS's refusals: credentials, or anything else.
func TestLoginThroughAgentInterfaceHTTP(t *testing.T) {
	env := apptest.Start(t)
	tok := env.Login(fullLogin, fullPassword)
	env.Store.Lock(func(s *fakeotrs.Store) {
		if sess := s.Sessions[tok]; sess == nil || sess.Source != fakeotrs.SourceAgentInterface {
			t.Errorf("login made session %+v, want SessionSource AgentInterface", sess)
		}
	})
	if out := env.CallJSON("/customers/createCustomerUser", env.As(tok, newCustomer("egray"))); out["Response"] != "OK" {
		t.Errorf("createCustomerUser with the login's session: %v", out)
	}
	// Read your own write (in-memory catalog; the SQL one below).
	if out := env.CallJSON("/customers/getCustomerUser", env.As(tok, map[string]any{"CustomerUser": "egray"})); out["Response"] != "OK" {
		t.Errorf("getCustomerUser after create: %v", out)
	}
	// Znuny counts web sessions toward AgentSessionPerUserLimit; with 1,
	// agent.full's session above uses it up.
	env.Store.Lock(func(s *fakeotrs.Store) { s.SysConfig["AgentSessionPerUserLimit"] = "1" })
	runWebCases(t, env, "/auth/login", "login", []webCase{
		{"session-limit", map[string]any{"User": fullLogin, "Password": fullPassword}},
		{"wrong-password-web", map[string]any{"User": fullLogin, "Password": "wrong"}},
	})
}

// createCustomerUser with a GenericInterface session on Znuny: OTRS stores
// the customer user, then Apache answers 500 (real2/znuny65/27). The
// proxy looks it up and answers the truth; a record OTRS refused (and so
// did not store) stays an error.
func TestCreateCustomerUserAfterCrashHTTP(t *testing.T) {
	env := apptest.Start(t)
	gi := env.Store.NewAgentSession(2).ID // agent.full, as GI SessionCreate makes it
	bad := newCustomer("bgray")
	bad["Email"] = "bgray@example.com" // CheckEmailInvalidAddress (real2/znuny65/25)
	runWebCases(t, env, "/customers/createCustomerUser", "createCustomerUser", []webCase{
		{"crash-after-write", env.As(gi, newCustomer("egray"))},
		{"crash-refused", env.As(gi, bad)},
	})
	if !customerExists(env, "egray") || customerExists(env, "bgray") {
		t.Error("the fake did not store egray, or stored bgray")
	}
	// On OTRS 6.0 the same session works (real2/otrs60/27).
	env.Store.Lock(func(s *fakeotrs.Store) { s.Product = fakeotrs.OTRS60 })
	if out := env.CallJSON("/customers/createCustomerUser", env.As(gi, newCustomer("fgray"))); out["Response"] != "OK" {
		t.Errorf("OTRS 6.0, GI session: %v", out)
	}
}

// An address CheckEmailInvalidAddress refuses comes back as the form with
// a ServerError on UserEmail and no message box (real2/znuny65/25): the
// contract's "Couldn't create customer user".
func TestCreateCustomerUserInvalidAddressHTTP(t *testing.T) {
	env := apptest.Start(t)
	tok := env.Login(fullLogin, fullPassword)
	bad := newCustomer("dbad")
	bad["Email"] = "dbad@EXAMPLE.com"
	runWebCases(t, env, "/customers/createCustomerUser", "createCustomerUser", []webCase{
		{"example-com", env.As(tok, bad)},
	})
	if customerExists(env, "dbad") {
		t.Error("dbad was stored")
	}
}

// A session OTRS ended (here: removed from its store) after the proxy
// cached it answers "Session invalid" from every method, GI- and
// web-backed alike, and the next call asks OTRS again (SessionGet).
func TestSessionEndedHTTP(t *testing.T) {
	env := apptest.Start(t, func(c *config.Config) { c.Metrics = true })
	cases := []struct {
		name, path string
		params     map[string]any
	}{
		{"getTicketList", "/tickets/getTicketList", nil},
		{"getArticles", "/tickets/getArticles", map[string]any{"TicketID": 2}},
		{"updateTitle", "/tickets/updateTitle", map[string]any{"TicketID": 2, "Title": "t"}},
		{"createArticle", "/tickets/createArticle", map[string]any{"TicketID": 2, "Subject": "s", "Body": "b"}},
		{"watchTicket", "/tickets/watchTicket", map[string]any{"TicketID": 2, "Subscribe": 1}},
		{"markTicketAsSeen", "/tickets/markTicketAsSeen", map[string]any{"TicketID": 2, "Seen": 1}},
		{"createCustomerUser", "/customers/createCustomerUser", newCustomer("hgray")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tok := env.Login(fullLogin, fullPassword)
			if out := env.CallJSON("/tickets/getTicketList", env.As(tok, nil)); out["Response"] != "OK" {
				t.Fatalf("before: %v", out)
			}
			env.Store.Lock(func(s *fakeotrs.Store) { delete(s.Sessions, tok) })
			before := env.UpstreamCalls("SessionGet")
			out := env.CallJSON(tc.path, env.As(tok, tc.params))
			if out["Message"] != "Session invalid. Please log in again." {
				t.Errorf("%s after OTRS ended the session: %v", tc.path, out)
			}
			if got := env.UpstreamCalls("SessionGet"); got != before {
				t.Errorf("SessionGet calls during the method: %d, want 0 (the token was cached)", got-before)
			}
			out = env.CallJSON("/tickets/getTicketList", env.As(tok, nil))
			if out["Message"] != "Session invalid. Please log in again." {
				t.Errorf("next call: %v", out)
			}
			if got := env.UpstreamCalls("SessionGet"); got != before+1 {
				t.Errorf("SessionGet calls for the next call: %d, want 1 (cache entry dropped)", got-before)
			}
		})
	}
}

// What createCustomerUser stored is what the next getCustomerUser sees,
// with the SQL catalog (cached for an hour here) on PostgreSQL and
// MariaDB: the proxy refreshes the customer users after its write.
func TestCreateCustomerUserReadsOwnWriteSQL(t *testing.T) {
	dbtest.Skip(t)
	for _, v := range []dbtest.Variant{{Driver: "postgres", Naming: dbtest.Znuny}, {Driver: "mysql", Naming: dbtest.OTRS6}} {
		t.Run(v.String(), func(t *testing.T) {
			env := apptest.Start(t)
			// OTRS 6.0: no crash with any session, so this tests the
			// catalog alone.
			env.Store.Lock(func(s *fakeotrs.Store) { s.Product = fakeotrs.OTRS60 })
			dsn := dbtest.Create(t, v, env.Store)
			cat := dbtest.Catalog(t, dsn, time.Hour)
			env.App.API.Catalog = cat
			tok := env.Login(fullLogin, fullPassword)
			get := map[string]any{"CustomerUser": "egray"}
			if out := env.CallJSON("/customers/getCustomerUser", env.As(tok, get)); out["Response"] != "ERROR" {
				t.Fatalf("egray before: %v", out)
			}
			// The row OTRS writes; the fake keeps its own in its store.
			// Written first: the catalog's copy is stale either way.
			dbtest.Exec(t, dsn, "INSERT INTO customer_user (id, login, email, customer_id, first_name, last_name, valid_id) VALUES (900, 'egray', 'egray@mail.acme.test', 'acme', 'Eve', 'Gray', 1)")
			if out := env.CallJSON("/customers/createCustomerUser", env.As(tok, newCustomer("egray"))); out["Response"] != "OK" {
				t.Fatalf("create: %v", out)
			}
			for _, path := range []string{"/customers/getCustomerUser", "/customers/getCustomerUserList"} {
				params := get
				if path == "/customers/getCustomerUserList" {
					params = map[string]any{"Login": "egray"}
				}
				_, b := env.Call(path, env.As(tok, params))
				if !strings.Contains(string(b), `"Response":"OK"`) || !strings.Contains(string(b), "egray") {
					t.Errorf("%s after create: %s", path, b)
				}
			}
		})
	}
}
