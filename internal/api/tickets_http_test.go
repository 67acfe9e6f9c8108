package api_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// startTickets starts the proxy in front of the fake OTRS (demo mode
// serves the fake's ticket facts) and logs agent.full in.
func startTickets(t *testing.T) (*apptest.Env, string) {
	t.Helper()
	env := apptest.Start(t)
	env.App.API.Opts.MobileDynamicFields = map[string]map[string]string{
		"Severity": {"AgentMobileTicketStatus": "rw"}, "ProductCode": {"AgentMobileEditTicket": "rw"},
	}
	return env, env.Login("agent.full", "AgentFull123!")
}

// TestGetTicketList runs getTicketList through HTTP against the fake and
// compares every answer with its golden file.
func TestGetTicketList(t *testing.T) {
	env, tok := startTickets(t)
	roTok := env.Login("agent.ro", "AgentRo123!")
	// agent.full has seen tickets 2 and 5: New notes must leave them out.
	env.Store.Lock(func(s *fakeotrs.Store) {
		for _, tk := range s.Tickets {
			if tk.ID == 2 || tk.ID == 5 {
				tk.SeenBy[2] = true
			}
		}
	})
	for _, tc := range []struct {
		name   string
		token  string
		params map[string]any
	}{
		{"list-default", tok, nil},
		{"list-count", tok, map[string]any{"Count": 1}},
		{"list-count-view-open", tok, map[string]any{"Count": 1, "ViewID": -3}},
		{"list-view-assigned", tok, map[string]any{"ViewID": -1, "Limit": 3}},
		{"list-view-myqueues", tok, map[string]any{"ViewID": -2}},
		{"list-view-open-ids", tok, map[string]any{"ViewID": -3, "SortBy": []string{"Age"}, "OrderBy": []string{"Up"}}},
		{"list-view-closed", tok, map[string]any{"ViewID": -4}},
		{"list-view-newnotes", tok, map[string]any{"ViewID": -5, "Count": 1}},
		{"list-view-mylocked", tok, map[string]any{"ViewID": -6}},
		{"list-view-watched", tok, map[string]any{"ViewID": -7}},
		{"list-filter-queue-state", tok, map[string]any{"QueueIDs": []int{5, 6}, "StateType": "Open", "Limit": 2, "Offset": 1, "SortBy": []string{"Age"}, "OrderBy": []string{"Up"}}},
		{"list-filter-title", tok, map[string]any{"Title": "%laptop%"}},
		{"list-fulltext-number", tok, map[string]any{"FullTextSearch": "2026112610000042", "Count": 0, "Limit": 1}},
		{"list-smartsort-up", tok, map[string]any{"SmartSort": 1, "QueueIDs": []int{5}}},
		{"list-smartsort-down", tok, map[string]any{"SmartSort": 1, "OrderBy": []string{"Down"}, "QueueIDs": []int{5}}},
		{"list-df-mobile", tok, map[string]any{"TicketID": 2, "DynamicFieldsMode": "mobile"}},
		{"list-df-all", tok, map[string]any{"TicketID": 3, "DynamicFieldsMode": "all"}},
		{"list-ro-agent", roTok, map[string]any{"Count": 1}},
		{"list-restricted-queue", tok, map[string]any{"QueueIDs": []int{8}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, b := env.Call("/tickets/getTicketList", env.As(tc.token, tc.params))
			apptest.Golden(t, tc.name, b)
		})
	}
}

// TestGetTicketListGET checks that lists arrive from a query string as
// repeated and comma-separated keys.
func TestGetTicketListGET(t *testing.T) {
	env, tok := startTickets(t)
	for _, q := range []string{"QueueIDs=5&QueueIDs=6&StateIDs=4", "QueueIDs=5,6&StateIDs[]=4"} {
		v, _ := url.ParseQuery(q)
		v.Set("OTRSAgentInterface", tok)
		v.Set("Count", "1")
		resp, err := http.Get(env.URL + "/tickets/getTicketList?" + v.Encode())
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		apptest.Golden(t, "list-get-query", b)
	}
}

func TestGetArticles(t *testing.T) {
	env, tok := startTickets(t)
	env.Store.Lock(func(s *fakeotrs.Store) {
		for _, tk := range s.Tickets {
			if tk.ID == 5 {
				tk.Articles[0].SeenBy[2] = true
			}
		}
	})
	for _, tc := range []struct {
		name   string
		params map[string]any
	}{
		{"articles-png", map[string]any{"TicketID": 5}},
		{"articles-html", map[string]any{"TicketID": 6}},
		{"articles-count", map[string]any{"TicketID": 6, "Count": 1}},
		{"articles-count-visible", map[string]any{"TicketID": 6, "Count": 1, "IsVisibleForCustomer": 0}},
		{"articles-desc-page2", map[string]any{"TicketID": 6, "Order": "DESC", "Limit": 2, "Page": 2}},
		{"articles-missing-ticketid", nil},
		{"articles-no-ticket", map[string]any{"TicketID": 999}},
		{"articles-no-permission", map[string]any{"TicketID": 9}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, b := env.Call("/tickets/getArticles", env.As(tok, tc.params))
			apptest.Golden(t, tc.name, b)
		})
	}
}

// TestGetAttachment checks the bytes, the headers and every error.
func TestGetAttachment(t *testing.T) {
	env, tok := startTickets(t)
	umlaut := []byte("Größe: 1 MB\n")
	var pngArticle, umlautArticle int
	env.Store.Lock(func(s *fakeotrs.Store) {
		for _, tk := range s.Tickets {
			switch tk.ID {
			case 5:
				pngArticle = tk.Articles[0].ID
			case 7:
				a := tk.Articles[1]
				a.Attachments = append(a.Attachments, &fakeotrs.Attachment{
					FileID: 1, Filename: "Größenänderung \"v2\".txt", ContentType: "text/plain; charset=utf-8",
					Disposition: "attachment", Content: umlaut,
				})
				umlautArticle = a.ID
			}
		}
	})
	for _, tc := range []struct {
		name   string
		params map[string]any
	}{
		{"attachment-png-by-ticket", map[string]any{"TicketID": 5, "FileID": 1}},
		{"attachment-png-by-article", map[string]any{"ArticleID": pngArticle, "FileID": 1}},
		{"attachment-html-body", map[string]any{"TicketID": 6, "FileID": 1}},
		{"attachment-umlaut-name", map[string]any{"TicketID": 7, "ArticleID": umlautArticle, "FileID": 1}},
		{"attachment-missing", map[string]any{}},
		{"attachment-missing-fileid", map[string]any{"TicketID": 5}},
		{"attachment-no-article", map[string]any{"ArticleID": 99999, "FileID": 1}},
		{"attachment-article-not-in-ticket", map[string]any{"TicketID": 5, "ArticleID": umlautArticle, "FileID": 1}},
		{"attachment-no-file", map[string]any{"TicketID": 5, "FileID": 7}},
		{"attachment-no-permission", map[string]any{"TicketID": 9, "FileID": 1}},
		{"attachment-unknown-ticket", map[string]any{"TicketID": 999, "FileID": 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			apptest.Golden(t, tc.name, downloadSummary(t, env, tok, tc.params))
		})
	}
}

// downloadSummary fetches an attachment and describes the answer as JSON:
// the status, the headers that matter and the body's digest (an error
// answer is kept as is).
func downloadSummary(t *testing.T, env *apptest.Env, tok string, params map[string]any) []byte {
	t.Helper()
	resp, b := env.Do(env.Request("/tickets/getAttachment", env.As(tok, params)))
	sum := sha256.Sum256(b)
	out := map[string]any{
		"Status":              resp.StatusCode,
		"Content-Type":        resp.Header.Get("Content-Type"),
		"Content-Disposition": resp.Header.Get("Content-Disposition"),
		"Content-Length":      resp.Header.Get("Content-Length"),
		"Bytes":               len(b),
		"SHA256":              hex.EncodeToString(sum[:]),
	}
	if json.Valid(b) {
		out["JSON"] = json.RawMessage(b)
	}
	j, _ := json.Marshal(out)
	return j
}

// TestTicketsWithoutCatalog: without the catalog, GI-backed reads still
// work; what only the catalog can tell fails plainly instead of guessing.
func TestTicketsWithoutCatalog(t *testing.T) {
	env, tok := startTickets(t)
	env.App.API.Catalog = nil
	for _, tc := range []struct {
		name, path string
		params     map[string]any
	}{
		{"nocatalog-list", "/tickets/getTicketList", map[string]any{"TicketID": 2}},
		{"nocatalog-newnotes", "/tickets/getTicketList", map[string]any{"ViewID": -5}},
		{"nocatalog-myqueues", "/tickets/getTicketList", map[string]any{"ViewID": -2}},
		{"nocatalog-unknown-ticket", "/tickets/getArticles", map[string]any{"TicketID": 999}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, b := env.Call(tc.path, env.As(tok, tc.params))
			apptest.Golden(t, tc.name, b)
		})
	}
}
