package proxy_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
)

// fuzzParams are the parameters of the 40 methods (the contract's
// required and optional ones, and a few that the proxy reads beyond it).
var fuzzParams = []string{
	"TicketID", "ArticleID", "FileID", "Page", "Limit", "Offset", "Count", "Order", "ViewID", "SmartSort",
	"QueueID", "QueueIDs", "ServiceID", "ServiceIDs", "SLAID", "StateID", "StateIDs", "State", "PriorityID",
	"TypeID", "LockID", "Lock", "OwnerID", "NewOwnerID", "NewUserID", "NewResponsibleUserID", "IsVisibleForCustomer",
	"Seen", "Subscribe", "LockByOwner", "ForCreateTicket", "ForUpdateQueue", "Estimated", "UntilTimeDateUnix",
	"Year", "Month", "Day", "Hour", "Minute", "CreatedNewerDays", "CreatedOlderMinutes", "CreatedNewerDate",
	"Title", "Subject", "Body", "File", "DynamicFields", "DynamicFieldsMode", "SortBy", "OrderBy", "Token",
	"User", "Password", "ChallengeToken", "CustomerUser", "CustomerUserID", "Search", "ArticleType", "Rule",
}

// fuzzEnv starts the proxy in front of the fake, logs in and lists the
// 40 method paths (sorted, so a route index means the same path in every
// run and in the corpus).
func fuzzEnv(f *testing.F) (*apptest.Env, string, []string) {
	env := apptest.Start(f)
	tok := env.Login("agent.full", "AgentFull123!")
	var doc struct{ Paths map[string]any }
	env.GetJSON("/openapi.json", &doc)
	var paths []string
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	if len(paths) != 40 {
		f.Fatalf("openapi.json lists %d paths, want 40", len(paths))
	}
	return env, tok, paths
}

// checkEnvelope fails unless the answer is an envelope (or a file from
// getAttachment) with a status below 500: no panic, no Go text.
func checkEnvelope(t *testing.T, resp *http.Response) {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("read answer: %v", err)
	}
	if resp.StatusCode >= 500 {
		t.Fatalf("HTTP %d: %s", resp.StatusCode, b)
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if resp.StatusCode == http.StatusOK && resp.Request.URL.Path == "/otrs/api/tickets/getAttachment" {
			return // the file itself
		}
		t.Fatalf("HTTP %d %s: not JSON: %q", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	var e struct{ Response, Message string }
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("HTTP %d, not an envelope: %q", resp.StatusCode, b)
	}
	switch {
	case e.Response == "OK" && resp.StatusCode == http.StatusOK:
	case e.Response == "ERROR" && e.Message != "":
		if strings.Contains(e.Message, "runtime error") || strings.Contains(e.Message, "strconv") {
			t.Fatalf("Go's text reached the client: %s", e.Message)
		}
	default:
		t.Fatalf("HTTP %d, not an envelope: %s", resp.StatusCode, b)
	}
}

// FuzzMethodParam drives every method through the real handler with one
// fuzzed parameter beside a valid TicketID: route picks the method (its
// high bit: GET with a query string instead of POST with JSON), name the
// parameter, and value is sent as JSON when it is JSON (a number, a list,
// an object), else as text.
func FuzzMethodParam(f *testing.F) {
	env, tok, paths := fuzzEnv(f)
	// Three seeds a method, rotating through the values, keep the
	// baseline short enough for FUZZTIME=10s to fuzz.
	values := []string{"9223372036854775807", "4611686018427387905", "-9223372036854775808", "1e300", `"NaN"`, `"abc"`, "2", "[1,2147483648]", `{"a":[1]}`, "null", "0", "-1"}
	for i := range paths {
		for j := range 3 {
			f.Add(uint8(i), uint8((i*7+j*13)%len(fuzzParams)), values[(i+4*j)%len(values)])
		}
		f.Add(uint8(i)|0x80, uint8(3), "4611686018427387905")
	}
	client := env.Server.Client()
	f.Fuzz(func(t *testing.T, route, name uint8, value string) {
		path := paths[int(route&0x7f)%len(paths)]
		key := fuzzParams[int(name)%len(fuzzParams)]
		var resp *http.Response
		var err error
		if route&0x80 != 0 {
			q := url.Values{"OTRSAgentInterface": {tok}, "TicketID": {"1"}, "Limit": {"2"}}
			q.Set(key, value)
			resp, err = client.Get(env.URL + path + "?" + q.Encode())
		} else {
			params := map[string]any{"OTRSAgentInterface": tok, "TicketID": 1, "Limit": 2}
			params[key] = value
			if json.Valid([]byte(value)) {
				params[key] = json.RawMessage(value)
			}
			body, merr := json.Marshal(params)
			if merr != nil {
				t.Skip()
			}
			resp, err = client.Post(env.URL+path, "application/json", bytes.NewReader(body))
		}
		if err != nil {
			t.Fatal(err)
		}
		checkEnvelope(t, resp)
	})
}

// FuzzMethodBody posts arbitrary bodies (JSON, or not) to every method
// with the agent's token in the query string.
func FuzzMethodBody(f *testing.F) {
	env, tok, paths := fuzzEnv(f)
	for i := range paths {
		f.Add(uint8(i), []byte(`{"TicketID":1,"Page":9223372036854775807,"Limit":9223372036854775807,"Order":"DESC","Count":2}`))
		f.Add(uint8(i), []byte(`{"TicketID":"1","QueueID":"x","Estimated":"NaN","Subscribe":"2","LockByOwner":7,"ForCreateTicket":"yes"}`))
	}
	f.Add(uint8(0), []byte(`{"a":`))
	client := env.Server.Client()
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		path := paths[int(route)%len(paths)]
		resp, err := client.Post(env.URL+path+"?OTRSAgentInterface="+tok, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		checkEnvelope(t, resp)
	})
}
