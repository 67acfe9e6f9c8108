package proxy_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

type answer struct {
	Response string
	Message  string
}

func do(t *testing.T, env *apptest.Env, req *http.Request) (int, answer) {
	t.Helper()
	resp, b := env.Do(req)
	var a answer
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("answer is not a JSON envelope: %q", b)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	return resp.StatusCode, a
}

func TestFrontErrors(t *testing.T) {
	env := apptest.Start(t)
	big := `{"X":"` + strings.Repeat("a", 21<<20) + `"}`
	tests := []struct {
		name        string
		method      string
		path        string
		contentType string
		body        string
		wantStatus  int
		wantMessage string
	}{
		{"unknown method", "POST", "/tickets/nope", "application/json", "{}", 404, "Unknown method."},
		{"unknown group", "GET", "/nope/getTicketList", "", "", 404, "Unknown method."},
		{"malformed JSON", "POST", "/auth/login", "application/json", `{"User":`, 400, "Malformed request body."},
		{"JSON that is no object", "POST", "/auth/login", "application/json", `["User"]`, 400, "Malformed request body."},
		{"body too large", "POST", "/auth/login", "application/json", big, 413, "Request body too large."},
		{"no token", "POST", "/tickets/getTicketList", "application/json", `{}`, 200, "Session invalid. Please log in again."},
		{"unknown token", "POST", "/tickets/getTicketList", "application/json", `{"OTRSAgentInterface":"nope"}`, 200, "Session invalid. Please log in again."},
		{"unknown token in query", "GET", "/queues/getQueueList?OTRSAgentInterface=nope", "", "", 200, "Session invalid. Please log in again."},
		{"login without password", "POST", "/auth/login", "application/json", `{"User":"demo"}`, 200, "Login failed! Your user name or password was entered incorrectly."},
		{"login with a wrong password", "POST", "/auth/login", "application/json", `{"User":"demo","Password":"x"}`, 200, "Login failed! Your user name or password was entered incorrectly."},
		{"login of a customer user", "POST", "/auth/login", "application/json", `{"User":"jdoe","Password":"CustPass123!"}`, 200, "Login failed! Your user name or password was entered incorrectly."},
		{"login with a number as password", "POST", "/auth/login", "application/json", `{"User":"demo","Password":12}`, 200, "Login failed! Your user name or password was entered incorrectly."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, env.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			status, a := do(t, env, req)
			if status != tt.wantStatus || a.Response != "ERROR" || a.Message != tt.wantMessage {
				t.Errorf("got %d %+v, want %d ERROR %q", status, a, tt.wantStatus, tt.wantMessage)
			}
		})
	}
}

// TestEveryRouteNeedsItsToken calls each of the 38 token methods without a
// token, by GET and by POST: each answers the contract's session error and
// none reaches OTRS.
func TestEveryRouteNeedsItsToken(t *testing.T) {
	env := apptest.Start(t)
	paths := []string{
		"/auth/logout", "/customers/createCustomerUser", "/customers/getCustomerList", "/customers/getCustomerUser",
		"/customers/getCustomerUserList", "/filters/getTicketViews", "/queues/getQueueList", "/services/getServiceList",
		"/settings/getLanguageList", "/settings/setPushNotificationToken", "/sla/getSLAList", "/system/getPackageList",
		"/system/getDynamicFieldList", "/tickets/createArticle", "/tickets/createAttachment", "/tickets/createTicket",
		"/tickets/getArticles", "/tickets/getAttachment", "/tickets/getTicketList", "/tickets/markArticleAsSeen",
		"/tickets/markTicketAsSeen", "/tickets/updateArchiveFlag", "/tickets/updateCustomer", "/tickets/updateLock",
		"/tickets/updateOwner", "/tickets/updatePendingTime", "/tickets/updatePriority", "/tickets/updateQueue",
		"/tickets/updateResponsible", "/tickets/updateService", "/tickets/updateSLA", "/tickets/updateState",
		"/tickets/updateTicket", "/tickets/updateTitle", "/tickets/updateType", "/tickets/watchTicket",
		"/users/getUserList", "/users/getUserPermissions",
	}
	for _, p := range paths {
		for _, method := range []string{"GET", "POST"} {
			req, _ := http.NewRequest(method, env.URL+p+"?TicketID=1", bytes.NewReader(nil))
			status, a := do(t, env, req)
			if status != 200 || a.Response != "ERROR" || a.Message != "Session invalid. Please log in again." {
				t.Errorf("%s %s: %d %+v", method, p, status, a)
			}
		}
	}
}

func TestLoginLogout(t *testing.T) {
	env := apptest.Start(t)
	// The same login by JSON, form and query: all three bindings work.
	form := url.Values{"User": {"agent.full"}, "Password": {"AgentFull123!"}}
	reqs := map[string]*http.Request{}
	reqs["json"], _ = http.NewRequest("POST", env.URL+"/auth/login", strings.NewReader(`{"User":"agent.full","Password":"AgentFull123!"}`))
	reqs["json"].Header.Set("Content-Type", "application/json")
	reqs["form"], _ = http.NewRequest("POST", env.URL+"/auth/login", strings.NewReader(form.Encode()))
	reqs["form"].Header.Set("Content-Type", "application/x-www-form-urlencoded")
	reqs["query"], _ = http.NewRequest("GET", env.URL+"/auth/login?"+form.Encode(), nil)
	for name, req := range reqs {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if out["Response"] != "OK" || out["SessionName"] != "OTRSAgentInterface" || out["SessionValue"] == "" {
			t.Fatalf("%s login: %v", name, out)
		}
		token, challenge := out["SessionValue"].(string), out["ChallengeToken"].(string)
		for _, k := range []string{"SessionValue", "ChallengeToken"} {
			out[k] = "<" + k + ">"
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(out)
		apptest.Golden(t, "login-agent.full", b.Bytes())

		bad := env.CallJSON("/auth/logout", env.As(token, map[string]any{"ChallengeToken": "wrong"}))
		if bad["Message"] != "Invalid Challenge Token!" {
			t.Errorf("%s: logout with a wrong ChallengeToken: %v", name, bad)
		}
		if ok := env.CallJSON("/tickets/getTicketList", env.As(token, map[string]any{"Count": 1})); ok["Response"] != "OK" {
			t.Fatalf("%s: the session does not work after a refused logout: %v", name, ok)
		}
		done := env.CallJSON("/auth/logout", env.As(token, map[string]any{"ChallengeToken": challenge}))
		if done["Response"] != "OK" || done["Message"] != "Logout successful." {
			t.Errorf("%s: logout: %v", name, done)
		}
		// The OTRS session is gone: neither the proxy's cache nor OTRS
		// accepts the token any more.
		after := env.CallJSON("/tickets/getTicketList", env.As(token, map[string]any{"Count": 1}))
		if after["Message"] != "Session invalid. Please log in again." {
			t.Errorf("%s: token after logout: %v", name, after)
		}
		var gone bool
		env.Store.Lock(func(s *fakeotrs.Store) { _, found := s.Sessions[token]; gone = !found })
		if !gone {
			t.Errorf("%s: the OTRS session survived the logout", name)
		}
	}
}
