package translate_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/config"
	"github.com/rs4otrs/rs4otrs-proxy/otrs/otrstest"
	"github.com/rs4otrs/rs4otrs-proxy/proxytest"
)

// Every way a login fails answers the one contract message.
func TestLoginFailedHTTP(t *testing.T) {
	env := proxytest.Start(t)
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
func brokenAgentUI(t *testing.T) *proxytest.Env {
	t.Helper()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
	}))
	t.Cleanup(broken.Close)
	return proxytest.Start(t, func(c *config.Config) { c.OTRSWebURL = broken.URL + otrstest.AgentInterfacePath })
}

// The agent interface failing gives each method's own failure message.
func TestAgentUIFailsHTTP(t *testing.T) {
	env := brokenAgentUI(t)
	ro := env.Login(roLogin, roPassword)
	runWebCases(t, env, "/tickets/watchTicket", "watchTicket", []webCase{
		{"agent-ui-fails-subscribe", env.As(ro, map[string]any{"TicketID": 2, "Subscribe": 1})},
		{"agent-ui-fails-unsubscribe", env.As(ro, map[string]any{"TicketID": 2, "Subscribe": 0})},
	})
	challenge := env.CallJSON("/auth/login", map[string]any{"User": roLogin, "Password": roPassword})
	runWebCases(t, env, "/auth/logout", "logout", []webCase{
		{"agent-ui-fails", env.As(challenge["SessionValue"].(string), map[string]any{"ChallengeToken": challenge["ChallengeToken"]})},
	})
}
