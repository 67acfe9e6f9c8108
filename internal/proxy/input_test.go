package proxy_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/logtest"
)

// TestClientMistakes: parameters the contract does not describe (wrong
// type, out of range, not 0/1 where the contract says bool01) answer an
// ERROR envelope naming the parameter, HTTP 200, logged at info and never
// at error; tokens that cannot be an OTRS SessionID answer Session
// invalid without a SessionGet. On main before this change the
// overflowing pages answered HTTP 500 (a panic), the others "Please
// contact the administrator." with an error line, Subscribe/LockByOwner/
// ForCreateTicket took any value, and "." or ".." went to OTRS.
func TestClientMistakes(t *testing.T) {
	var logs logtest.Buffer
	env := apptest.StartLogged(t, &logs)
	tok := env.Login("agent.full", "AgentFull123!")
	const maxInt64 = "9223372036854775807"
	for _, tc := range []struct {
		name, path string
		params     map[string]any
		token      string // "" is the agent's
		want       string
	}{
		{"page-overflow", "/tickets/getArticles", map[string]any{"TicketID": 1, "Page": json.Number("4611686018427387905"), "Limit": 2}, "", "Parameter is incorrect: Page"},
		{"page-limit-maxint64-desc", "/tickets/getArticles", map[string]any{"TicketID": 1, "Page": json.Number(maxInt64), "Limit": json.Number(maxInt64), "Order": "DESC"}, "", "Parameter is incorrect: Limit"},
		{"page-huge-float", "/tickets/getArticles", map[string]any{"TicketID": 1, "Page": json.Number("1e300"), "Limit": 2}, "", "Parameter is incorrect: Page"},
		{"page-negative", "/tickets/getArticles", map[string]any{"TicketID": 1, "Page": 1, "Limit": -2}, "", "Parameter is incorrect: Limit"},
		{"page-text", "/tickets/getArticles", map[string]any{"TicketID": 1, "Page": "x", "Limit": 2}, "", "Parameter is incorrect: Page"},
		{"articles-count-2", "/tickets/getArticles", map[string]any{"TicketID": 1, "Count": 2}, "", "Parameter is incorrect: Count"},
		{"list-limit-text", "/tickets/getTicketList", map[string]any{"Limit": "abc"}, "", "Parameter is incorrect: Limit"},
		{"list-offset-maxint64", "/tickets/getTicketList", map[string]any{"Offset": json.Number(maxInt64), "Limit": 5}, "", "Parameter is incorrect: Offset"},
		{"list-count-text", "/tickets/getTicketList", map[string]any{"Count": "many"}, "", "Parameter is incorrect: Count"},
		{"list-queueids-overflow", "/tickets/getTicketList", map[string]any{"QueueIDs": []any{1, json.Number(maxInt64)}}, "", "Parameter is incorrect: QueueIDs"},
		{"list-created-days-huge", "/tickets/getTicketList", map[string]any{"CreatedOlderDays": 2000000000}, "", "Parameter is incorrect: CreatedOlderDays"},
		{"list-view-unknown", "/tickets/getTicketList", map[string]any{"ViewID": 77}, "", "Parameter is incorrect: ViewID"},
		{"users-queueid-text", "/users/getUserList", map[string]any{"QueueID": "five"}, "", "Parameter is incorrect: QueueID"},
		{"sla-serviceid-text", "/sla/getSLAList", map[string]any{"ServiceID": "x"}, "", "Parameter is incorrect: ServiceID"},
		{"views-queueid-object", "/filters/getTicketViews", map[string]any{"QueueID": map[string]any{}}, "", "Parameter is incorrect: QueueID"},
		{"customers-limit-overflow", "/customers/getCustomerUserList", map[string]any{"Limit": json.Number(maxInt64)}, "", "Parameter is incorrect: Limit"},
		{"estimated-nan", "/tickets/createArticle", map[string]any{"TicketID": 1, "Subject": "s", "Body": "b", "Estimated": "NaN"}, "", "Parameter is incorrect: Estimated"},
		{"estimated-inf", "/tickets/createArticle", map[string]any{"TicketID": 1, "Subject": "s", "Body": "b", "Estimated": "Inf"}, "", "Parameter is incorrect: Estimated"},
		{"subscribe-2", "/tickets/watchTicket", map[string]any{"TicketID": 1, "Subscribe": 2}, "", "Parameter is incorrect: Subscribe"},
		{"subscribe-text", "/tickets/watchTicket", map[string]any{"TicketID": 1, "Subscribe": "yes"}, "", "Parameter is incorrect: Subscribe"},
		{"lockbyowner-2", "/tickets/createTicket", map[string]any{"Title": "t", "QueueID": 5, "PriorityID": 3, "Body": "b", "LockByOwner": 2}, "", "Parameter is incorrect: LockByOwner"},
		{"lockbyowner-text", "/tickets/createTicket", map[string]any{"Title": "t", "QueueID": 5, "PriorityID": 3, "Body": "b", "LockByOwner": "no"}, "", "Parameter is incorrect: LockByOwner"},
		{"forcreateticket-2", "/queues/getQueueList", map[string]any{"ForCreateTicket": 2}, "", "Parameter is incorrect: ForCreateTicket"},
		{"forcreateticket-text", "/queues/getQueueList", map[string]any{"ForCreateTicket": "yes"}, "", "Parameter is incorrect: ForCreateTicket"},
		{"seen-minus-1", "/tickets/markTicketAsSeen", map[string]any{"TicketID": 1, "Seen": -1}, "", "Parameter is incorrect: Seen"},
		{"push-token-32k", "/settings/setPushNotificationToken", map[string]any{"Token": strings.Repeat("A", 32<<10)}, "", "Parameter is incorrect: Token"},
		{"push-token-newline", "/settings/setPushNotificationToken", map[string]any{"Token": "abc\ndef"}, "", "Parameter is incorrect: Token"},
		{"token-dot", "/tickets/getTicketList", nil, ".", "Session invalid. Please log in again."},
		{"token-dotdot", "/tickets/getTicketList", nil, "..", "Session invalid. Please log in again."},
		{"token-path", "/queues/getQueueList", nil, "../../etc/passwd", "Session invalid. Please log in again."},
		{"token-slash", "/queues/getQueueList", nil, "abc/def", "Session invalid. Please log in again."},
		{"token-too-long", "/queues/getQueueList", nil, strings.Repeat("a", 129), "Session invalid. Please log in again."},
		{"token-32k", "/queues/getQueueList", nil, strings.Repeat("A", 32<<10), "Session invalid. Please log in again."},
		{"token-space", "/auth/logout", nil, "abc def", "Session invalid. Please log in again."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token := tok
			if tc.token != "" {
				token = tc.token
			}
			params := env.As(token, tc.params)
			before := env.UpstreamCalls("SessionGet")
			logs.Take(t)
			status, b := env.Call(tc.path, params)
			var e struct{ Response, Message string }
			if err := json.Unmarshal(b, &e); err != nil || status != http.StatusOK || e.Response != "ERROR" || e.Message != tc.want {
				t.Errorf("HTTP %d %s; want 200 ERROR %q", status, b, tc.want)
			}
			if tc.token != "" {
				if n := env.UpstreamCalls("SessionGet") - before; n != 0 {
					t.Errorf("%d SessionGet calls for a token that cannot be a SessionID", n)
				}
			}
			for _, l := range logs.Take(t) {
				if l["level"] == "error" || l["level"] == "warn" {
					t.Errorf("logged at %s: %v", l["level"], l)
				}
				if line, _ := json.Marshal(l); len(tc.token) > 2 && bytes.Contains(line, []byte(tc.token)) {
					t.Errorf("the token reached the log: %v", l)
				}
			}
		})
	}
}

// TestBool01Accepted: the contract's bool01 parameters still take 0 and 1
// (as numbers, strings or JSON booleans).
func TestBool01Accepted(t *testing.T) {
	env := apptest.Start(t)
	tok := env.Login("agent.full", "AgentFull123!")
	for _, tc := range []struct {
		name, path string
		params     map[string]any
	}{
		{"forcreateticket-1", "/queues/getQueueList", map[string]any{"ForCreateTicket": 1}},
		{"forcreateticket-0-string", "/queues/getQueueList", map[string]any{"ForCreateTicket": "0"}},
		{"forcreateticket-true", "/queues/getQueueList", map[string]any{"ForCreateTicket": true}},
		{"list-count-1", "/tickets/getTicketList", map[string]any{"Count": 1}},
		{"list-smartsort-0", "/tickets/getTicketList", map[string]any{"SmartSort": "0", "Limit": 2}},
		{"articles-page-0", "/tickets/getArticles", map[string]any{"TicketID": 1, "Page": 0, "Limit": 1}},
		{"articles-page-maxint", "/tickets/getArticles", map[string]any{"TicketID": 1, "Page": 2147483647, "Limit": 2147483647, "Order": "DESC"}},
		{"subscribe-1", "/tickets/watchTicket", map[string]any{"TicketID": 1, "Subscribe": 1}},
		{"subscribe-0", "/tickets/watchTicket", map[string]any{"TicketID": 1, "Subscribe": "0"}},
		{"push-token-fcm-form", "/settings/setPushNotificationToken", map[string]any{"Token": "cXk7:APA91b-Hx_" + strings.Repeat("z", 140)}},
		{"lockbyowner-0", "/tickets/createTicket", map[string]any{"Title": "t", "QueueID": 1, "PriorityID": 3, "Body": "b", "LockByOwner": 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if out := env.CallJSON(tc.path, env.As(tok, tc.params)); out["Response"] != "OK" {
				t.Errorf("%v", out)
			}
		})
	}
}

// TestHeadAndOptions: the operational reads answer HEAD like GET without
// a body; an API method answers HEAD with 405 and Allow (a call may write
// or log in, so HEAD never runs one), and OPTIONS (CORS off) with 204 and
// Allow. On main before this change HEAD /healthz answered 405, and a 405
// said "Unknown method." for a path that exists.
func TestHeadAndOptions(t *testing.T) {
	env := apptest.Start(t)
	base := env.Server.URL
	for _, tc := range []struct {
		verb, path string
		status     int
		allow      string
	}{
		{http.MethodHead, "/healthz", http.StatusOK, ""},
		{http.MethodHead, "/readyz", http.StatusOK, ""},
		{http.MethodHead, "/openapi.json", http.StatusOK, ""},
		{http.MethodHead, "/otrs/api/tickets/getTicketList", http.StatusMethodNotAllowed, "OPTIONS, GET, POST"},
		{http.MethodHead, "/otrs/api/auth/login", http.StatusMethodNotAllowed, "OPTIONS, GET, POST"},
		{http.MethodOptions, "/otrs/api/tickets/getTicketList", http.StatusNoContent, "OPTIONS, GET, POST"},
		{http.MethodOptions, "/healthz", http.StatusNoContent, "OPTIONS, GET, HEAD"},
		{http.MethodPut, "/otrs/api/tickets/getTicketList", http.StatusMethodNotAllowed, "OPTIONS, GET, POST"},
		{http.MethodHead, "/otrs/api/nope", http.StatusNotFound, ""},
	} {
		t.Run(tc.verb+tc.path, func(t *testing.T) {
			req, _ := http.NewRequest(tc.verb, base+tc.path, nil)
			resp, b := env.Do(req)
			if resp.StatusCode != tc.status || resp.Header.Get("Allow") != tc.allow {
				t.Errorf("%d Allow %q; want %d Allow %q", resp.StatusCode, resp.Header.Get("Allow"), tc.status, tc.allow)
			}
			if (tc.verb == http.MethodHead || tc.status == http.StatusNoContent) && len(b) > 0 {
				t.Errorf("a body: %q", b)
			}
			if tc.verb == http.MethodPut && !bytes.Contains(b, []byte(`"Message":"HTTP method not allowed."`)) {
				t.Errorf("405 envelope: %s", b)
			}
		})
	}
}

// TestCookieTokenForm: a token from the cookie is held to the same form
// as one sent as a parameter: "..", "." or a path never reach OTRS.
func TestCookieTokenForm(t *testing.T) {
	env := apptest.Start(t)
	for _, tok := range []string{".", "..", "..%2F..", "a.b", strings.Repeat("x", 200)} {
		t.Run(tok[:min(len(tok), 8)], func(t *testing.T) {
			before := env.UpstreamCalls("SessionGet")
			req, _ := http.NewRequest(http.MethodGet, env.URL+"/queues/getQueueList", nil)
			req.Header.Set("Cookie", "OTRSAgentInterface="+tok)
			resp, b := env.Do(req)
			if resp.StatusCode != http.StatusOK || !bytes.Contains(b, []byte(`"Message":"Session invalid. Please log in again."`)) {
				t.Errorf("HTTP %d %s", resp.StatusCode, b)
			}
			if n := env.UpstreamCalls("SessionGet") - before; n != 0 {
				t.Errorf("%d SessionGet calls", n)
			}
		})
	}
}
