package app_test

import (
	"slices"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/fakeotrstest"
)

// TestDemoProductsAreTheFakesDialects: RS4OTRS_DEMO_PRODUCT accepts
// exactly the lines the fake imitates.
func TestDemoProductsAreTheFakesDialects(t *testing.T) {
	var keys []string
	for _, d := range fakeotrs.Dialects {
		keys = append(keys, d.Key)
	}
	slices.Sort(keys)
	want := slices.Sorted(slices.Values(config.DemoProducts))
	if !slices.Equal(keys, want) {
		t.Fatalf("fake dialects %v, config.DemoProducts %v", keys, want)
	}
}

// TestOTOBOSessionName: in front of OTOBO 11 with no
// RS4OTRS_SESSION_NAME, the proxy takes OTOBO's SessionName,
// OTOBOAgentInterface (real2/otobo11/sysconfig.txt, 22), from the
// catalog: the login answers it as the contract's SessionName, the token
// is taken under it, and the agent-interface client logs in, acts and
// logs out with OTOBO's cookie of that name. Without a database the name
// must be set (README, RS4OTRS_SESSION_NAME).
func TestOTOBOSessionName(t *testing.T) {
	t.Run("read from the catalog", func(t *testing.T) {
		env := apptest.Start(t, func(c *config.Config) { c.DemoProduct = fakeotrs.Dialects[fakeotrs.OTOBO11].Key })
		walkAsOTOBOAgent(t, env)
	})
	// The proxy's web service routes SessionRemove, which OTOBO cannot
	// load (real2/otobo11/46): logout ends the session through the
	// agent interface all the same.
	t.Run("proxy routes", func(t *testing.T) {
		env := apptest.Start(t, func(c *config.Config) {
			c.DemoProduct, c.OTRSRoutes = fakeotrs.Dialects[fakeotrs.OTOBO11].Key, "proxy"
		})
		walkAsOTOBOAgent(t, env)
	})
	t.Run("set, without a database", func(t *testing.T) {
		o, srv := fakeotrstest.StartFor(t, fakeotrs.OTOBO11)
		env := apptest.Front(t, srv.URL+o.Paths().StockWebservice, nil, func(c *config.Config) {
			c.OTRSWebURL = srv.URL + o.Paths().AgentInterface
			c.SessionName = "OTOBOAgentInterface"
		})
		walkAsOTOBOAgent(t, env)
	})
}

// walkAsOTOBOAgent logs in, watches a ticket (agent interface), logs out
// and finds the token dead.
func walkAsOTOBOAgent(t *testing.T, env *apptest.Env) {
	t.Helper()
	login := env.CallJSON("/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})
	if login["Response"] != "OK" || login["SessionName"] != "OTOBOAgentInterface" {
		t.Fatalf("login answered %v, want OK with SessionName OTOBOAgentInterface", login)
	}
	tok := login["SessionValue"].(string)
	call := func(path string, params map[string]any) map[string]any {
		params["OTOBOAgentInterface"] = tok
		return env.CallJSON(path, params)
	}
	if out := call("/tickets/watchTicket", map[string]any{"TicketID": 3, "Subscribe": 1}); out["Response"] != "OK" {
		t.Errorf("watchTicket answered %v, want OK", out)
	}
	if out := env.CallJSON("/tickets/getTicketList", map[string]any{"OTRSAgentInterface": tok}); out["Response"] == "OK" {
		t.Errorf("the token under OTRSAgentInterface was taken on OTOBO: %v", out)
	}
	if out := call("/auth/logout", map[string]any{"ChallengeToken": login["ChallengeToken"]}); out["Response"] != "OK" {
		t.Fatalf("logout answered %v, want OK", out)
	}
	if out := call("/tickets/getTicketList", map[string]any{}); out["Message"] != "Session invalid. Please log in again." {
		t.Errorf("after logout the token answered %v, want Session invalid", out)
	}
}
