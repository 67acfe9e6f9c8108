package api_test

import (
	"slices"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// Agents of the demo data: agent.ro has ro+note on Support only (ticket 2
// is in Support, ticket 9 in Restricted); agent.full rw on users.
const (
	roLogin, roPassword     = "agent.ro", "AgentRo123!"
	fullLogin, fullPassword = "agent.full", "AgentFull123!"
	roID                    = 3
)

type webCase struct {
	name   string
	params map[string]any
}

func runWebCases(t *testing.T, env *apptest.Env, path, prefix string, cases []webCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, b := env.Call(path, tc.params)
			apptest.Golden(t, prefix+"-"+tc.name, b)
		})
	}
}

// watchTicket through the proxy and the fake's AgentTicketWatcher.
func TestWatchTicketHTTP(t *testing.T) {
	env := apptest.Start(t)
	ro := env.Login(roLogin, roPassword)
	watchers := func() (w []int) {
		env.Store.Lock(func(s *fakeotrs.Store) {
			for _, tk := range s.Tickets {
				if tk.ID == 2 {
					w = append(w, tk.Watchers...)
				}
			}
		})
		return w
	}
	runWebCases(t, env, "/tickets/watchTicket", "watchTicket", []webCase{
		{"missing-ticketid", env.As(ro, map[string]any{"Subscribe": 1})},
		{"missing-subscribe", env.As(ro, map[string]any{"TicketID": 2})},
		{"no-ticket", env.As(ro, map[string]any{"TicketID": 999, "Subscribe": 1})},
		{"no-permission", env.As(ro, map[string]any{"TicketID": 9, "Subscribe": 1})},
		{"no-permission-unsubscribe", env.As(ro, map[string]any{"TicketID": 9, "Subscribe": 0})},
		{"no-session", map[string]any{"TicketID": 2, "Subscribe": 1}},
		{"subscribe", env.As(ro, map[string]any{"TicketID": 2, "Subscribe": 1})},
	})
	if !slices.Contains(watchers(), roID) {
		t.Fatalf("after Subscribe, ticket 2 watchers = %v, want agent %d", watchers(), roID)
	}
	runWebCases(t, env, "/tickets/watchTicket", "watchTicket", []webCase{
		{"unsubscribe", env.As(ro, map[string]any{"TicketID": "2", "Subscribe": "0"})},
	})
	if slices.Contains(watchers(), roID) {
		t.Fatalf("after Unsubscribe, ticket 2 watchers = %v still hold agent %d", watchers(), roID)
	}

	// The OTRS session ends while the proxy still trusts its cache: OTRS's
	// login page becomes "Session invalid".
	env.Store.Lock(func(s *fakeotrs.Store) { delete(s.Sessions, ro) })
	runWebCases(t, env, "/tickets/watchTicket", "watchTicket", []webCase{
		{"otrs-session-gone", env.As(ro, map[string]any{"TicketID": 2, "Subscribe": 1})},
	})
}

// seen returns agent's Seen flags on ticket id and its articles.
func seen(env *apptest.Env, agent, id int) (ticket bool, articles []bool) {
	env.Store.Lock(func(s *fakeotrs.Store) {
		for _, tk := range s.Tickets {
			if tk.ID != id {
				continue
			}
			ticket = tk.SeenBy[agent]
			for _, a := range tk.Articles {
				articles = append(articles, a.SeenBy[agent])
			}
		}
	})
	return ticket, articles
}

func unsee(env *apptest.Env, agent, id int) {
	env.Store.Lock(func(s *fakeotrs.Store) {
		for _, tk := range s.Tickets {
			if tk.ID == id {
				delete(tk.SeenBy, agent)
				for _, a := range tk.Articles {
					delete(a.SeenBy, agent)
				}
			}
		}
	})
}

// markTicketAsSeen and markArticleAsSeen through AgentTicketZoom.
func TestMarkAsSeenHTTP(t *testing.T) {
	env := apptest.Start(t)
	ro := env.Login(roLogin, roPassword)
	unsee(env, roID, 2)

	runWebCases(t, env, "/tickets/markArticleAsSeen", "markArticleAsSeen", []webCase{
		{"missing", env.As(ro, map[string]any{"TicketID": 2})},
		{"no-ticket", env.As(ro, map[string]any{"TicketID": 999, "ArticleID": 4, "Seen": 1})},
		{"no-permission", env.As(ro, map[string]any{"TicketID": 9, "ArticleID": 28, "Seen": 1})},
		{"article-of-other-ticket", env.As(ro, map[string]any{"TicketID": 2, "ArticleID": 28, "Seen": 1})},
		{"first-article", env.As(ro, map[string]any{"TicketID": 2, "ArticleID": 4, "Seen": 1})},
		{"second-article", env.As(ro, map[string]any{"TicketID": 2, "ArticleID": 5, "Seen": 1})},
		{"last-article", env.As(ro, map[string]any{"TicketID": 2, "ArticleID": 6, "Seen": 1})},
		{"unseen-not-supported", env.As(ro, map[string]any{"TicketID": 2, "ArticleID": 6, "Seen": 0})},
	})
	if tk, arts := seen(env, roID, 2); !tk || slices.Contains(arts, false) {
		t.Fatalf("ticket 2 seen=%v articles=%v, want all seen", tk, arts)
	}

	unsee(env, roID, 2)
	runWebCases(t, env, "/tickets/markTicketAsSeen", "markTicketAsSeen", []webCase{
		{"missing", env.As(ro, map[string]any{"Seen": 1})},
		{"no-ticket", env.As(ro, map[string]any{"TicketID": 999, "Seen": 1})},
		{"no-permission", env.As(ro, map[string]any{"TicketID": 9, "Seen": 1})},
		{"unseen-not-supported", env.As(ro, map[string]any{"TicketID": 2, "Seen": 0})},
		{"seen", env.As(ro, map[string]any{"TicketID": 2, "Seen": 1})},
	})
	if tk, arts := seen(env, roID, 2); !tk || slices.Contains(arts, false) {
		t.Fatalf("ticket 2 seen=%v articles=%v, want all seen", tk, arts)
	}

	// Seen=0 is refused on every line (writes.ErrNoUnseen), after the
	// permission check, and leaves the flags as they were.
	runWebCases(t, env, "/tickets/markTicketAsSeen", "markTicketAsSeen", []webCase{
		{"unseen-no-permission", env.As(ro, map[string]any{"TicketID": 9, "Seen": 0})},
	})
	if tk, arts := seen(env, roID, 2); !tk || slices.Contains(arts, false) {
		t.Fatalf("after the refused Seen=0: ticket 2 seen=%v articles=%v, want all seen", tk, arts)
	}
}

// updateArchiveFlag: the proxy sets the archive request field, the
// fake's GenericAgent jobs (the README's set-up) set the flag and clear
// the field; the answer is OK only once the flag changed.
func TestUpdateArchiveFlagHTTP(t *testing.T) {
	env := apptest.Start(t)
	ro := env.Login(roLogin, roPassword)
	demo := env.Login(fakeotrs.DemoLogin, fakeotrs.DemoPassword)
	archived := func() (flag bool, field any) {
		env.Store.Lock(func(s *fakeotrs.Store) {
			for _, tk := range s.Tickets {
				if tk.ID == 2 {
					flag, field = tk.ArchiveFlag, tk.DynamicFields[fakeotrs.ArchiveField]
				}
			}
		})
		return flag, field
	}
	runWebCases(t, env, "/tickets/updateArchiveFlag", "updateArchiveFlag", []webCase{
		{"missing", env.As(demo, map[string]any{"TicketID": 2})},
		{"no-ticket", env.As(demo, map[string]any{"TicketID": 999, "ArchiveFlag": "y"})},
		{"no-permission-ro-only", env.As(ro, map[string]any{"TicketID": 2, "ArchiveFlag": "y"})},
		{"bad-value", env.As(demo, map[string]any{"TicketID": 2, "ArchiveFlag": "yes"})},
		{"archive", env.As(demo, map[string]any{"TicketID": 2, "ArchiveFlag": "y"})},
	})
	if flag, field := archived(); !flag || field != nil {
		t.Fatalf("after archive: ArchiveFlag %v, %s = %v; want archived and the field cleared", flag, fakeotrs.ArchiveField, field)
	}
	runWebCases(t, env, "/tickets/updateArchiveFlag", "updateArchiveFlag", []webCase{
		{"already-archived", env.As(demo, map[string]any{"TicketID": 2, "ArchiveFlag": "y"})},
		{"restore", env.As(demo, map[string]any{"TicketID": 2, "ArchiveFlag": "n"})},
	})
	if flag, field := archived(); flag || field != nil {
		t.Fatalf("after restore: ArchiveFlag %v, %s = %v; want restored and the field cleared", flag, fakeotrs.ArchiveField, field)
	}
}

// Without the admin's jobs, or without RS4OTRS_ARCHIVE_FIELD, nothing
// changes the flag and the answer says so.
func TestUpdateArchiveFlagWithoutSetUp(t *testing.T) {
	noJobs := apptest.Start(t)
	noJobs.Store.Lock(func(s *fakeotrs.Store) { s.GenericAgentJobs = nil })
	noField := apptest.Start(t, func(c *config.Config) { c.ArchiveField = "" })
	noField.App.API.Opts.ArchiveField = ""
	for name, env := range map[string]*apptest.Env{"no-jobs": noJobs, "no-field": noField} {
		t.Run(name, func(t *testing.T) {
			demo := env.Login(fakeotrs.DemoLogin, fakeotrs.DemoPassword)
			_, b := env.Call("/tickets/updateArchiveFlag", env.As(demo, map[string]any{"TicketID": 2, "ArchiveFlag": "y"}))
			apptest.Golden(t, "updateArchiveFlag-not-set-up", b)
		})
	}
}

// lostPassword through OTRS's LostPassword, both steps.
func TestLostPasswordHTTP(t *testing.T) {
	env := apptest.Start(t)
	const path = "/auth/lostPassword"
	runWebCases(t, env, path, "lostPassword", []webCase{
		{"missing", map[string]any{}},
		{"unknown-user", map[string]any{"User": "nosuchuser"}},
		{"known-user", map[string]any{"User": roLogin}},
	})
	if mails := env.App.Demo.Outbox(); len(mails) != 1 || mails[0].To != "agent.ro@helpdesk.example" {
		t.Fatalf("outbox = %+v, want one mail to agent.ro", mails)
	}
	token := env.App.Demo.ResetToken(roLogin)
	if token == "" {
		t.Fatal("no reset token was issued")
	}
	runWebCases(t, env, path, "lostPassword", []webCase{
		{"bad-token", map[string]any{"User": roLogin, "Token": "abc123"}},
		{"bad-token-chars", map[string]any{"User": roLogin, "Token": "%_"}},
		{"reset", map[string]any{"User": roLogin, "Token": token}},
		{"token-used", map[string]any{"User": roLogin, "Token": token}},
	})
	var pw string
	env.Store.Lock(func(s *fakeotrs.Store) { pw = s.Agents[roID-1].Password })
	if pw == roPassword {
		t.Fatal("the reset did not change the password")
	}
	env.Login(roLogin, pw) // the mailed password works

	env.App.Demo.SetMailFails(true)
	runWebCases(t, env, path, "lostPassword", []webCase{
		{"mail-fails", map[string]any{"User": fullLogin}},
	})
	env.App.Demo.SetLostPassword(false)
	runWebCases(t, env, path, "lostPassword", []webCase{
		{"feature-off", map[string]any{"User": fullLogin}},
		{"feature-off-token", map[string]any{"User": fullLogin, "Token": "abc"}},
	})
}

// createCustomerUser through AdminCustomerUser AddAction.
func TestCreateCustomerUserHTTP(t *testing.T) {
	env := apptest.Start(t)
	full := env.Login(fullLogin, fullPassword)
	ro := env.Login(roLogin, roPassword)
	all := map[string]any{
		"Firstname": "Carla", "Lastname": "Clark", "CustomerID": "globex", "Login": "cclark",
		"Email": "cclark@globex.example", "Password": "Secret123!", "Country": "Germany", "City": "Berlin",
		"Street": "Main St 1", "Zip": "10115", "Phone": "+49 30 1", "Mobile": "+49 170 1", "Fax": "+49 30 2",
		"Title": "Dr.", "Comment": "via API", "InterfaceLanguage": "de",
	}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for x, y := range all {
			m[x] = y
		}
		m[k] = v
		return m
	}
	runWebCases(t, env, "/customers/createCustomerUser", "createCustomerUser", []webCase{
		{"missing-all", env.As(full, map[string]any{})},
		{"missing-some", env.As(full, map[string]any{"Firstname": "A", "Login": "a"})},
		{"no-permission", env.As(ro, all)},
		{"unknown-company", env.As(full, with("CustomerID", "initech"))},
		{"bad-email", env.As(full, with("Email", "not-an-address"))},
		{"ok", env.As(full, all)},
		{"login-taken", env.As(full, with("Email", "other@globex.example"))},
		{"email-taken", env.As(full, with("Login", "cclark2"))},
	})
	var got *fakeotrs.CustomerUser
	env.Store.Lock(func(s *fakeotrs.Store) {
		for _, cu := range s.CustomerUsers {
			if cu.Login == "cclark" {
				c := *cu
				got = &c
			}
		}
	})
	want := fakeotrs.CustomerUser{Login: "cclark", Password: "Secret123!", Title: "Dr.", FirstName: "Carla", LastName: "Clark",
		Email: "cclark@globex.example", CustomerID: "globex", Phone: "+49 30 1", Mobile: "+49 170 1", Street: "Main St 1",
		Zip: "10115", City: "Berlin", Country: "Germany", Comment: "via API", ValidID: 1}
	if got == nil {
		t.Fatal("cclark was not created")
	}
	got.ID, got.CreateTime = 0, want.CreateTime
	if *got != want {
		t.Errorf("created %+v\nwant %+v", *got, want)
	}
}

// logout ends the OTRS session through the agent interface.
func TestLogoutHTTP(t *testing.T) {
	env := apptest.Start(t)
	tok := env.Login(fullLogin, fullPassword)
	ch := env.App.API.Sessions.ChallengeToken(tok)
	runWebCases(t, env, "/auth/logout", "logout", []webCase{
		{"bad-challenge", env.As(tok, map[string]any{"ChallengeToken": "wrong"})},
		{"ok", env.As(tok, map[string]any{"ChallengeToken": ch})},
		{"again", env.As(tok, map[string]any{"ChallengeToken": ch})},
	})
	env.Store.Lock(func(s *fakeotrs.Store) {
		if s.Sessions[tok] != nil {
			t.Error("the OTRS session still exists after logout")
		}
	})
}
