package fakeotrs

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	fakeweb "github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/web"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/recordings"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
)

// webRecording is one agent-interface exchange of otrs/recordings: web/
// (Znuny 6.5.4, first round) and real2/<system>/2x-web-* (second round).
type webRecording struct {
	Request  recordedRequest
	Response struct {
		Status       int
		ContentType  string `json:"content_type"`
		Headers      [][2]string
		HTMLTitle    string                              `json:"html_title"`
		BodyExcerpts []struct{ Pattern, Excerpt string } `json:"body_excerpts"`
		MessageBoxes []struct{ Class, Text string }      `json:"message_boxes"`
	}
}

// webReplayFolders are the recording folders replayed, each against a
// fresh fake imitating that system.
var webReplayFolders = []struct {
	dir     string
	product Product
}{
	{"web", Znuny65},
	{"real2/znuny65", Znuny65},
	{"real2/znuny70", Znuny70},
	{"real2/otrs60", OTRS60},
	{"real2/otobo11", OTOBO11},
}

// webReplaySkip are the records the fake cannot replay, and why.
var webReplaySkip = map[string]string{
	"web/12-GI-customer-session-on-index.pl.json":                          "needs a customer session under the recorded id; the replay makes agent sessions only",
	"web/14-ChallengeToken-locations-dashboard.json":                       "not an exchange: a list of where the token occurs",
	"web/16-web-login-session-used-in-GI-TicketGet.json":                   "a GI call (gi_replay_test's domain)",
	"web/17-GI-session-still-valid-after-index.pl-use.json":                "a GI call (gi_replay_test's domain)",
	"web/10-GI-session-in-query-AgentDashboard.json":                       "AgentDashboard is not modelled (the proxy never requests it)",
	"real2/znuny65/26-web-AgentDashboard-GI-session-ChallengeToken.json":   "AgentDashboard is not modelled (the proxy never requests it)",
	"real2/znuny70/26-web-AgentDashboard-GI-session-ChallengeToken.json":   "AgentDashboard is not modelled (the proxy never requests it)",
	"real2/otobo11/26-web-AgentDashboard-GI-session-ChallengeToken.json":   "AgentDashboard is not modelled (the proxy never requests it)",
	"real2/otobo11/21-web-AdminCustomerUser-Add-GI-session.json":           "the Add form (Subaction=Add) is not modelled: the proxy posts AddAction directly",
	"real2/otobo11/23-web-AdminCustomerUser-Add-web-session.json":          "the Add form (Subaction=Add) is not modelled: the proxy posts AddAction directly",
	"real2/otobo11/45-web-AgentTicketZoom-no-TicketID-ChallengeToken.json": "OTOBO draws its error screen without the notices; the fake draws Znuny's (title and token as recorded)",
	"real2/otrs60/26-web-AgentDashboard-GI-session-ChallengeToken.json":    "AgentDashboard is not modelled (the proxy never requests it)",
	"real2/znuny65/23-web-AdminCustomerUser-Add-web-session.json":          "the Add form (Subaction=Add) is not modelled: the proxy posts AddAction directly",
	"real2/znuny70/23-web-AdminCustomerUser-Add-web-session.json":          "the Add form (Subaction=Add) is not modelled: the proxy posts AddAction directly",
	"real2/otrs60/23-web-AdminCustomerUser-Add-web-session.json":           "the Add form (Subaction=Add) is not modelled: the proxy posts AddAction directly",
	"real2/otrs60/21-web-AdminCustomerUser-Add-GI-session.json":            "the Add form (Subaction=Add) is not modelled: the proxy posts AddAction directly",
}

// webReplayAgent names the agent behind a recorded session the fake must
// create, where it is not agent.full.
var webReplayAgent = map[string]int{
	"web/24-AgentTicketWatcher-Subscribe-no-permission.json": 3,
	"web/32-AgentTicketZoom-MarkAsSeen-no-permission.json":   3,
	"web/74-AgentCustomerSearch-ro-agent.json":               3,
}

// TestWebReplay replays the agent-interface recordings, in order, against
// a fake per system and compares what the proxy reads of an answer:
// status, redirect and session cookie, title (without the product name),
// message boxes, and the ServerError markers of a form.
func TestWebReplay(t *testing.T) {
	for _, folder := range webReplayFolders {
		t.Run(strings.ReplaceAll(folder.dir, "/", "-"), func(t *testing.T) {
			o, srv := start(t, recordedStore(folder.product))
			defer srv.Close()
			// recorded session id -> fake session id; "" = unknown to OTRS.
			sessions := map[string]string{}
			for _, name := range recordings.Glob(t, folder.dir+"/*.json") {
				base := path.Base(name)
				if folder.dir != "web" && !strings.Contains(base, "-web-") {
					continue
				}
				t.Run(strings.TrimSuffix(base, ".json"), func(t *testing.T) {
					if why, ok := webReplaySkip[name]; ok {
						t.Skip(why)
					}
					var rec webRecording
					readRecording(t, name, &rec)
					replayWeb(t, o, srv.URL, name, rec, sessions)
				})
			}
		})
	}
}

func replayWeb(t *testing.T, o *OTRS, base, name string, rec webRecording, sessions map[string]string) {
	var sessionName string
	o.Store.Read(func(s *Store) { sessionName = s.Setting("SessionName") })
	cookieSession := regexp.MustCompile(sessionName + `=([A-Za-z0-9]+)`)
	// The recorded request's session: a cookie or the query.
	recSID := ""
	if m := cookieSession.FindStringSubmatch(rec.Request.Headers["Cookie"]); m != nil {
		recSID = m[1]
	}
	if s, ok := rec.Request.Query[sessionName].(string); ok {
		recSID = s
	}
	fakeSID, known := sessions[recSID]
	if recSID != "" && !known {
		// A session made outside these records (GI SessionCreate), unless
		// the record shows OTRS did not know it.
		if !strings.Contains(name, "invalid-session") {
			agent := webReplayAgent[name]
			if agent == 0 {
				agent = 2
			}
			fakeSID = o.Store.NewAgentSession(agent).ID
		}
		sessions[recSID] = fakeSID
	}
	token := ""
	o.Store.Lock(func(s *Store) {
		if sess := s.Sessions[fakeSID]; sess != nil {
			token = sess.ChallengeToken
		}
	})
	swap := func(k, v string) string {
		switch {
		case k == sessionName:
			return fakeSID
		case k == "ChallengeToken" && token != "" && !strings.Contains(name, "wrong-token"):
			return token
		}
		return v
	}
	values := func(m map[string]any) url.Values {
		v := url.Values{}
		for k, x := range m {
			v.Set(k, swap(k, fmt.Sprint(x)))
		}
		return v
	}
	u := base + rec.Request.Path
	if len(rec.Request.Query) > 0 {
		u += "?" + values(rec.Request.Query).Encode()
	}
	var body io.Reader
	var form map[string]any
	if json.Unmarshal(rec.Request.Body, &form) == nil && form != nil {
		body = strings.NewReader(values(form).Encode())
	}
	req, err := http.NewRequest(rec.Request.Method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if recSID != "" && rec.Request.Headers["Cookie"] != "" {
		req.AddCookie(&http.Cookie{Name: sessionName, Value: fakeSID})
	}
	resp, got := send(t, req)

	want := rec.Response
	if resp.StatusCode != want.Status {
		t.Fatalf("status %d, recorded %d: %.300s", resp.StatusCode, want.Status, got)
	}
	if loc := recordedHeader(want.Headers, "Location"); (loc != "") != (resp.Header.Get("Location") != "") {
		t.Errorf("Location %q, recorded %q", resp.Header.Get("Location"), loc)
	}
	// A login's session cookie: remember which fake session the recorded
	// one is.
	for _, sc := range recordedHeaders(want.Headers, "Set-Cookie") {
		if m := cookieSession.FindStringSubmatch(sc); m != nil {
			var fake string
			for _, ck := range resp.Cookies() {
				if ck.Name == sessionName && ck.Value != "" {
					fake = ck.Value
				}
			}
			if fake == "" {
				t.Fatalf("no session cookie, recorded %q", sc)
			}
			sessions[m[1]] = fake
		}
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || want.HTMLTitle == "" {
		return
	}
	p, err := web.ParsePage(strings.NewReader(string(got)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != want.HTMLTitle {
		t.Errorf("title %q, recorded %q", p.Title, want.HTMLTitle)
	}
	if want.MessageBoxes != nil {
		var w []string
		for _, mb := range want.MessageBoxes {
			w = append(w, strings.Join(strings.Fields(mb.Text), " "))
		}
		if !slices.Equal(p.Notices, w) {
			t.Errorf("message boxes %q, recorded %q", p.Notices, w)
		}
	}
	for _, ex := range want.BodyExcerpts {
		if strings.Contains(ex.Pattern, "Validate_Email ServerError") && !slices.Contains(p.ErrorFields, "UserEmail") {
			t.Errorf("no ServerError on UserEmail, recorded %q", ex.Pattern)
		}
	}
	for _, ex := range want.BodyExcerpts {
		if ex.Pattern == "Login failed" && p.Message != fakeweb.MsgLoginFailed {
			t.Errorf("login box %q, recorded %q", p.Message, fakeweb.MsgLoginFailed)
		}
	}
}

func recordedHeader(h [][2]string, name string) string {
	if v := recordedHeaders(h, name); len(v) > 0 {
		return v[0]
	}
	return ""
}

func recordedHeaders(h [][2]string, name string) []string {
	var out []string
	for _, kv := range h {
		if strings.EqualFold(kv[0], name) {
			out = append(out, kv[1])
		}
	}
	return out
}
