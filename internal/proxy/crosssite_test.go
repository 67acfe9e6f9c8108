package proxy_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// A write authorized by OTRS's session cookie alone must come from the
// proxy's own origin (issue 13, point 6): the exact attack of the issue,
// a GET updateTitle with the agent's cookie and Origin: evil, changed the
// ticket.
func TestCookieWritesCrossSite(t *testing.T) {
	env := apptest.Start(t)
	login := func() (tok, challenge string) {
		out := env.CallJSON("/auth/login", map[string]any{"User": fakeotrs.DemoLogin, "Password": fakeotrs.DemoPassword})
		tok, _ = out["SessionValue"].(string)
		challenge, _ = out["ChallengeToken"].(string)
		if tok == "" || challenge == "" {
			t.Fatalf("login: %v", out)
		}
		return tok, challenge
	}
	tok, challenge := login()
	_, otherChallenge := login()
	host := strings.TrimPrefix(env.Server.URL, "http://")
	title := func() (got string) {
		env.Store.Lock(func(s *fakeotrs.Store) {
			for _, tk := range s.Tickets {
				if tk.ID == 4 {
					got = tk.Title
				}
			}
		})
		return got
	}

	type hdr map[string]string
	tests := []struct {
		name    string
		method  string
		query   url.Values // the call's parameters, in the query or the form body
		cookie  bool
		headers hdr
		status  int
		changed bool
	}{
		{"the issue's attack: GET, cookie, Origin evil", "GET", url.Values{}, true, hdr{"Origin": "https://evil.example"}, 403, false},
		{"GET with cookie, no Origin (img tag)", "GET", url.Values{}, true, nil, 403, false},
		{"cross-site form POST with cookie", "POST", url.Values{}, true, hdr{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, 403, false},
		{"POST with cookie, Origin null", "POST", url.Values{}, true, hdr{"Origin": "null"}, 403, false},
		{"POST with cookie from a sibling host", "POST", url.Values{}, true, hdr{"Sec-Fetch-Site": "same-site"}, 403, false},
		{"POST with cookie and another session's ChallengeToken", "POST", url.Values{"ChallengeToken": {otherChallenge}}, true, hdr{"Origin": "https://evil.example"}, 403, false},
		{"GET with cookie and the session's ChallengeToken", "GET", url.Values{"ChallengeToken": {challenge}}, true, hdr{"Origin": "https://evil.example"}, 200, true},
		{"same-origin POST with cookie", "POST", url.Values{}, true, hdr{"Origin": "http://" + host, "Sec-Fetch-Site": "same-origin"}, 200, true},
		{"POST with cookie, no browser marks (curl)", "POST", url.Values{}, true, nil, 200, true},
		{"token as parameter, GET, Origin evil (mobile clients unaffected)", "GET", url.Values{"OTRSAgentInterface": {tok}}, false, hdr{"Origin": "https://evil.example"}, 200, true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := "x" + string(rune('a'+i))
			q := url.Values{"TicketID": {"4"}, "Title": {want}}
			for k, v := range tt.query {
				q[k] = v
			}
			u, body := env.URL+"/tickets/updateTitle", ""
			if tt.method == "GET" {
				u += "?" + q.Encode()
			} else {
				body = q.Encode()
			}
			req, err := http.NewRequest(tt.method, u, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.method == "POST" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if tt.cookie {
				req.AddCookie(&http.Cookie{Name: "OTRSAgentInterface", Value: tok})
			}
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			before := title()
			status, a := do(t, env, req)
			if status != tt.status {
				t.Errorf("status %d %+v, want %d", status, a, tt.status)
			}
			if status == 403 && (a.Response != "ERROR" || a.Message != "Session invalid. Please log in again.") {
				t.Errorf("refusal %+v, want ERROR Session invalid", a)
			}
			if after := title(); (after == want) != tt.changed {
				t.Errorf("title %q -> %q, changed want %v (answer %+v)", before, after, tt.changed, a)
			}
		})
	}

	// Reads stay open to the cookie.
	t.Run("GET read with cookie, Origin evil", func(t *testing.T) {
		req, _ := http.NewRequest("GET", env.URL+"/queues/getQueueList", nil)
		req.AddCookie(&http.Cookie{Name: "OTRSAgentInterface", Value: tok})
		req.Header.Set("Origin", "https://evil.example")
		if status, a := do(t, env, req); status != 200 || a.Response != "OK" {
			t.Errorf("got %d %+v, want 200 OK", status, a)
		}
	})
}
