package proxy_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
)

// TestBadInputEverywhere sends values of the wrong type to every method:
// each answers an envelope (or, for getAttachment, a file), never a 500,
// and the proxy keeps serving.
func TestBadInputEverywhere(t *testing.T) {
	env := apptest.Start(t)
	tok := env.Login("demo", "demo")
	var doc struct{ Paths map[string]any }
	env.GetJSON("/openapi.json", &doc)
	if len(doc.Paths) != 40 {
		t.Fatalf("openapi.json lists %d paths, want 40", len(doc.Paths))
	}
	bad := []any{"abc", -1, 0, 1e300, 3.5, true, nil, "", []any{"x", map[string]any{}}, map[string]any{"a": []any{1}}, strings.Repeat("9", 40)}
	names := []string{"TicketID", "ArticleID", "FileID", "QueueID", "QueueIDs", "Limit", "Offset", "ViewID", "StateID", "State",
		"PriorityID", "OwnerID", "NewUserID", "Seen", "Subscribe", "Title", "Body", "File", "DynamicFields", "UntilTimeDateUnix",
		"Year", "Month", "Day", "Hour", "Minute", "CustomerUser", "ServiceID", "Token", "User", "SortBy", "OrderBy", "Count", "Lock", "LockID"}
	for path := range doc.Paths {
		for i, v := range bad {
			params := map[string]any{"OTRSAgentInterface": tok}
			for j, name := range names {
				params[name] = bad[(i+j)%len(bad)]
			}
			params["TicketID"] = v
			resp, b := env.Do(env.Request(path, params))
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s with %v: HTTP %d %s", path, v, resp.StatusCode, b)
				continue
			}
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				var e struct{ Response, Message string }
				if err := json.Unmarshal(b, &e); err != nil || (e.Response != "OK" && e.Response != "ERROR") {
					t.Errorf("%s with %v: not an envelope: %s", path, v, b)
				}
				if strings.Contains(e.Message, "panic") || strings.Contains(e.Message, "runtime error") {
					t.Errorf("%s with %v: %s", path, v, e.Message)
				}
			}
		}
	}
	if got := env.CallJSON("/tickets/getTicketList", env.As(tok, map[string]any{"Count": 1})); got["Response"] != "OK" {
		t.Errorf("the proxy stopped serving: %v", got)
	}
}
