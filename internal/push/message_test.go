package push

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHTMLToText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"recorded notification body",
			"<p>Hi Roland,</p><p>ticket [2026112610000186] Push recording ticket in queue Support now owned by agent.ro, state new.</p><p>Umlaut check: Größe</p>",
			"Hi Roland,\nticket [2026112610000186] Push recording ticket in queue Support now owned by agent.ro, state new.\nUmlaut check: Größe"},
		{"entities and breaks", "a &amp; b<br>c&nbsp;d<br/>&lt;x&gt;", "a & b\nc d\n<x>"},
		{"document with head and style", "<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body><div>x</div><script>alert(1)</script></body></html>", "x"},
		{"whitespace collapsed", "<p>  a \n  b  </p>\n\n\n<p>c</p>", "a b\nc"},
		{"plain text passes", "just text", "just text"},
		// Issue 13 point 12: <br/><br/> merged two paragraphs into one
		// line break.
		{"two breaks keep the blank line", "Hello,<br/><br/>the ticket moved.<br/>Bye", "Hello,\n\nthe ticket moved.\nBye"},
		{"an empty div between divs", "<div>a</div><div><br></div><div>b</div>", "a\n\nb"},
		{"a break ending a paragraph adds nothing", "<p>a<br></p><p>b</p>", "a\nb"},
		{"many breaks are one blank line", "a<br><br><br><br>b", "a\n\nb"},
		{"leading and trailing breaks dropped", "<br><br>a<br><br>", "a"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := htmlToText(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMessageData(t *testing.T) {
	long := strings.Repeat("Größe ", 2000)
	m := Message{AgentID: 3, TicketID: 1840, Title: "[Ticket#2019010948000063] Ticket Note: Zdravstvuite", Detail: long}
	d := m.Data("otrs.example.com")
	if len(d) != 4 || d["ticket_id"] != "1840" || d["server"] != "otrs.example.com" || d["title"] != m.Title {
		t.Errorf("data = %v", d)
	}
	if len(d["detail"]) > maxDetailBytes || !utf8.ValidString(d["detail"]) || !strings.HasSuffix(d["detail"], "…") {
		t.Errorf("detail not cut to %d bytes on a rune boundary: %d bytes", maxDetailBytes, len(d["detail"]))
	}
	if total := len(d["detail"]) + len(d["title"]) + len(d["server"]) + len(d["ticket_id"]); total > 4096 {
		t.Errorf("payload %d bytes exceeds FCM's 4096", total)
	}
}
