package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// Every way a login fails answers the one contract message.
func TestLoginFailedHTTP(t *testing.T) {
	env := apptest.Start(t)
	runWebCases(t, env, "/auth/login", "login", []webCase{
		{"wrong-password", map[string]any{"User": fullLogin, "Password": "wrong"}},
		{"unknown-user", map[string]any{"User": "nobody", "Password": fullPassword}},
		{"customer-user", map[string]any{"User": "jdoe", "Password": "CustPass123!"}},
		{"missing-password", map[string]any{"User": fullLogin}},
	})
}

// brokenAgentUI starts the proxy with GenericInterface working but the
// agent interface (index.pl) answering 500, as an OTRS whose web server
// fails for the frontend only.
func brokenAgentUI(t *testing.T) *apptest.Env {
	t.Helper()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
	}))
	t.Cleanup(broken.Close)
	return apptest.Start(t, func(c *config.Config) { c.OTRSWebURL = broken.URL + fakeotrs.AgentInterfacePath })
}

// The agent interface failing gives each method's own failure message;
// login, which goes through the agent interface, the administrator's.
func TestAgentUIFailsHTTP(t *testing.T) {
	env := brokenAgentUI(t)
	runWebCases(t, env, "/auth/login", "login", []webCase{
		{"agent-ui-fails", map[string]any{"User": roLogin, "Password": roPassword}},
	})
	// A session made as GI SessionCreate makes it, since login cannot.
	ro := env.Store.NewAgentSession(roID).ID
	runWebCases(t, env, "/tickets/watchTicket", "watchTicket", []webCase{
		{"agent-ui-fails-subscribe", env.As(ro, map[string]any{"TicketID": 2, "Subscribe": 1})},
		{"agent-ui-fails-unsubscribe", env.As(ro, map[string]any{"TicketID": 2, "Subscribe": 0})},
	})
	runWebCases(t, env, "/auth/logout", "logout", []webCase{
		{"agent-ui-fails", env.As(ro, map[string]any{"ChallengeToken": env.App.API.Sessions.ChallengeToken(ro)})},
	})
}

// missingAllMessage is, for methods whose contract names its own error
// for an absent parameter, what a call without any parameter answers.
var missingAllMessage = map[string]string{
	"/auth/login":                        "Login failed! Your user name or password was entered incorrectly.",
	"/auth/logout":                       "Invalid Challenge Token!",
	"/customers/getCustomerUser":         "No CustomerUser parameter",
	"/settings/setPushNotificationToken": "Token cannot be empty", // push is on in demo mode
	"/tickets/watchTicket":               "No TicketID",
}

// A call without parameters names every required parameter, in the
// contract's order, or answers the method's own message.
func TestRequiredParamsInContractOrder(t *testing.T) {
	b, err := os.ReadFile(contractFile)
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Methods []struct {
			Path       string
			NeedsToken bool `json:"needs_token"`
			Required   []json.RawMessage
		}
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	env := apptest.Start(t)
	tok := env.Login(roLogin, roPassword)
	for _, m := range c.Methods {
		if len(m.Required) == 0 {
			continue
		}
		want, ok := missingAllMessage[m.Path]
		if !ok {
			var names []string
			for _, r := range m.Required {
				var name string
				var group struct {
					OneOf []json.RawMessage `json:"one_of"`
				}
				switch {
				case json.Unmarshal(r, &name) == nil:
					names = append(names, name)
				case json.Unmarshal(r, &group) == nil && len(group.OneOf) > 0:
					names = append(names, strings.Join(alternativeNames(t, group.OneOf), " or "))
				default:
					t.Fatalf("%s: required entry %s not understood", m.Path, r)
				}
			}
			want = "Required fields is not defined: " + strings.Join(names, ", ")
		}
		t.Run(m.Path, func(t *testing.T) {
			params := map[string]any{}
			if m.NeedsToken {
				params = env.As(tok, nil)
			}
			out := env.CallJSON(m.Path, params)
			if out["Response"] != "ERROR" || out["Message"] != want {
				t.Errorf("%s without parameters = %v, want ERROR %q", m.Path, out, want)
			}
		})
	}
}

// alternativeNames renders a one_of's alternatives: a name, or an all_of
// group (the pending-time components) as its names joined by ", ".
func alternativeNames(t *testing.T, alts []json.RawMessage) []string {
	var out []string
	for _, a := range alts {
		var name string
		var group struct {
			AllOf []string `json:"all_of"`
		}
		switch {
		case json.Unmarshal(a, &name) == nil:
			out = append(out, name)
		case json.Unmarshal(a, &group) == nil && len(group.AllOf) > 0:
			out = append(out, strings.Join(group.AllOf, ", "))
		default:
			t.Fatalf("one_of alternative %s not understood", a)
		}
	}
	return out
}

// getCustomerUserList reports a missing first or last name as
// "Not defined" (contract success_notes, 6.42.1).
func TestCustomerUserListNotDefinedHTTP(t *testing.T) {
	env := apptest.Start(t)
	env.Store.Lock(func(s *fakeotrs.Store) {
		for _, cu := range s.CustomerUsers {
			if cu.Login == "asmith" {
				cu.FirstName, cu.LastName = "", " "
			}
		}
	})
	ro := env.Login(roLogin, roPassword)
	runWebCases(t, env, "/customers/getCustomerUserList", "getCustomerUserList", []webCase{
		{"names-not-defined", env.As(ro, map[string]any{"Login": "asmith"})},
	})
}

// OTRS's session data carries the agent's stored preferences: login
// reports the agent's own language, and ticket dates are in the agent's
// time zone (agent.ro: de, UTC; agent.full: en, Europe/Berlin).
func TestAgentPreferencesReachAnswersHTTP(t *testing.T) {
	env := apptest.Start(t)
	for _, tc := range []struct{ login, password, lang, zone string }{
		{roLogin, roPassword, "de", "(UTC)"},
		{fullLogin, fullPassword, "en", "(Europe/Berlin)"},
	} {
		t.Run(tc.login, func(t *testing.T) {
			out := env.CallJSON("/auth/login", map[string]any{"User": tc.login, "Password": tc.password})
			settings, _ := out["Settings"].(map[string]any)
			if settings["Language"] != tc.lang {
				t.Errorf("login Settings = %v, want Language %q", settings, tc.lang)
			}
			list := env.CallJSON("/tickets/getTicketList", env.As(out["SessionValue"].(string), map[string]any{"TicketID": 2}))
			tickets, _ := list["Tickets"].([]any)
			if len(tickets) != 1 {
				t.Fatalf("getTicketList TicketID 2 = %v", list)
			}
			if created, _ := tickets[0].(map[string]any)["Created"].(string); !strings.HasSuffix(created, tc.zone) {
				t.Errorf("Created = %q, want the agent's zone %s", created, tc.zone)
			}
		})
	}
}
