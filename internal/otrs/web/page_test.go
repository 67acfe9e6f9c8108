package web

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/recordings"
)

// record is the part of an otrs-recordings/web record the tests read: the
// page's title and body excerpts (the recordings keep excerpts, not whole
// pages), or for the ChallengeToken studies the occurrences.
type record struct {
	Response struct {
		HTMLTitle    string `json:"html_title"`
		BodyExcerpts []struct {
			Excerpt string `json:"excerpt"`
		} `json:"body_excerpts"`
	} `json:"response"`
	Occurrences []struct {
		Excerpt string `json:"excerpt"`
	} `json:"occurrences"`
	Token string `json:"token"`
}

// recordedPage rebuilds a page from a record: the title, then every
// excerpt, each cut at its first and last complete tag so the fragment
// parses as it did inside the page.
func recordedPage(t *testing.T, name string) (string, record) {
	t.Helper()
	b := recordings.Read(t, "web/"+name)
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	sb.WriteString("<html><head><title>" + r.Response.HTMLTitle + "</title></head><body>")
	ex := r.Response.BodyExcerpts
	for _, o := range r.Occurrences {
		ex = append(ex, struct {
			Excerpt string `json:"excerpt"`
		}{o.Excerpt})
	}
	for _, e := range ex {
		s := e.Excerpt
		if i := strings.Index(s, "<"); i >= 0 {
			// An excerpt that starts inside a div's class attribute
			// ("opLarge ErrorScreen\">") gets its opening tag back.
			if head := s[:i]; strings.HasSuffix(strings.TrimSpace(head), `">`) && !strings.Contains(head, "=") {
				s = `<div class="x ` + strings.TrimSpace(head) + s[i:]
			} else {
				s = s[i:]
			}
		}
		if i := strings.LastIndex(s, ">"); i >= 0 {
			s = s[:i+1]
		}
		// A cut inside <noscript> would swallow the rest as raw text.
		if strings.Count(s, "<noscript>") > strings.Count(s, "</noscript>") {
			s += "</noscript>"
		}
		sb.WriteString("<div>" + s + "</div>")
	}
	sb.WriteString("</body></html>")
	return sb.String(), r
}

func TestParseRecordedPages(t *testing.T) {
	cases := []struct {
		file    string
		kind    PageKind
		message string
		success bool
	}{
		{"03-login-post-bad-password.json", PageLogin, "Login failed! Your user name or password was entered incorrectly.", false},
		{"12-GI-customer-session-on-index.pl.json", PageLogin, "Error: invalid session.", false},
		{"13-invalid-session-on-index.pl.json", PageLogin, "Session invalid. Please log in again.", false},
		{"40-LostPassword-known-user.json", PageLogin, "Sent password reset instructions. Please check your email.", true},
		{"20-AgentTicketWatcher-Subscribe-no-token.json", PageErrorScreen, "Invalid Challenge Token!", false},
		{"26-AgentTicketWatcher-bad-subaction.json", PageErrorScreen, "Invalid Subaction.", false},
		{"10-GI-session-in-query-AgentDashboard.json", PageOther, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			src, r := recordedPage(t, tc.file)
			p, err := ParsePage(strings.NewReader(src))
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != tc.kind || p.Message != tc.message || p.Success != tc.success {
				t.Errorf("got kind %s message %q success %v, want %s %q %v", p.Kind, p.Message, p.Success, tc.kind, tc.message, tc.success)
			}
			if p.Title != r.Response.HTMLTitle {
				t.Errorf("title %q, want %q", p.Title, r.Response.HTMLTitle)
			}
		})
	}
}

// The "Insufficient Rights" excerpts end inside the message: the
// structure (widget, span.Error, ReturnToPreviousPage) is the template's.
func TestParseNoPermission(t *testing.T) {
	for _, f := range []string{"24-AgentTicketWatcher-Subscribe-no-permission.json", "32-AgentTicketZoom-MarkAsSeen-no-permission.json"} {
		src, r := recordedPage(t, f)
		if !strings.Contains(src, "<h2>Insufficient Rights</h2>") || !strings.HasPrefix(r.Response.HTMLTitle, "Insufficient Rights") {
			t.Fatalf("%s: not an Insufficient Rights page", f)
		}
	}
	const page = `<html><head><title>Insufficient Rights - Ticket-Watcher - Znuny</title></head><body>
<div class="MessageBox Error"><p>OTRS Daemon is not running. Please contact the administrator.</p></div>
<div class="MainBox ARIARoleMain"><div class="W33pc CenterBox SpacingTopLarge SpacingBottomLarge"><div class="WidgetSimple">
<div class="Header"><h2>Insufficient Rights</h2></div><div class="Content"><h4>Message: <span class="Error">This ticket does not exist, or you don't have permissions to access it in its current state.</span></h4>
<p class="SpacingTop"><a href="#" class="ReturnToPreviousPage">Back to the previous page</a></p></div></div></div></div></body></html>`
	p, err := ParsePage(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != PageNoPermission || !strings.HasPrefix(p.Message, "This ticket does not exist, or ") {
		t.Errorf("got %s %q", p.Kind, p.Message)
	}
	if len(p.Notices) != 1 {
		t.Errorf("notices %q", p.Notices)
	}
}

// The token comes from the Core.Config blob (web/15), not from links: a
// stale link token in front of it must not win.
func TestParseChallengeToken(t *testing.T) {
	src, r := recordedPage(t, "15-ChallengeToken-locations-zoom.json")
	// The recorded blob excerpt is cut mid-object; close it as the page does.
	i := strings.Index(src, `"ChallengeToken":"`+r.Token)
	if i < 0 {
		t.Fatal("recording has no config blob")
	}
	blob := `<script>Core.Config.AddConfig({"Baselink":"/otrs/index.pl?",` + `"ChallengeToken":"` + r.Token + `","CheckEmailAddresses":"1"});</script>`
	stale := `<a href="/otrs/index.pl?Action=AgentTicketQueue;ChallengeToken=StaleToken0123456789abcdefABCDEF;">Queue</a>`
	page := strings.Replace(src, "<body>", "<body>"+stale, 1)
	page = strings.Replace(page, "</body>", blob+"</body>", 1)
	p, err := ParsePage(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if p.ChallengeToken != r.Token {
		t.Errorf("token %q, want %q", p.ChallengeToken, r.Token)
	}
	// Without the blob, the first hidden form input is the fallback.
	p, err = ParsePage(strings.NewReader(strings.Replace(src, "<body>", "<body>"+stale, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if p.ChallengeToken != r.Token {
		t.Errorf("fallback token %q, want %q", p.ChallengeToken, r.Token)
	}
}

func TestDeriveURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://h.example/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST": "https://h.example/otrs/index.pl",
		"http://127.0.0.1:8080/znuny/genericinterface.pl/WebserviceID/1":                       "http://127.0.0.1:8080/znuny/index.pl",
		"https://h.example/otrs/nph-genericinterface.pl/Webservice/RS4OTRSProxy?x=1":           "https://h.example/otrs/index.pl",
	} {
		got, err := DeriveURL(in)
		if err != nil || got != want {
			t.Errorf("DeriveURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := DeriveURL("https://h.example/api"); err == nil {
		t.Error("a non-GI URL was accepted")
	}
}
