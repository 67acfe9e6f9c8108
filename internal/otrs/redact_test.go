package otrs

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	const sid = "ab12cd34ef56gh78ij90kl12mn34op56qr"
	cases := []struct {
		name, in string
		keep     []string
	}{
		{"query", "Error: /otrs/nph-genericinterface.pl/Webservice/x/Ticket?SessionID=" + sid + "&TicketID=1", []string{"TicketID=1"}},
		{"short query id", "GET /x?SessionID=abc123&y=2", []string{"y=2"}},
		{"path", "No route for /Session/" + sid + " found", []string{"/Session/", "found"}},
		{"cookie", "Set-Cookie: OTRSAgentInterface=" + sid + "; path=/otrs/", []string{"path=/otrs/"}},
		{"json", `{"SessionID":"` + sid + `","UserLogin":"agent"}`, []string{"UserLogin"}},
		{"dumper", `'Password' => 'hunter2', 'User' => 'agent'`, []string{"'User' => 'agent'"}},
		{"form", "User=agent&Password=hunter2&ChallengeToken=c0ffee", []string{"User=agent"}},
		{"bare id", "session " + sid + " expired", []string{"expired"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Redact(c.in)
			for _, secret := range []string{sid, "abc123", "hunter2", "c0ffee"} {
				if strings.Contains(got, secret) {
					t.Errorf("Redact(%q) = %q: still holds %q", c.in, got, secret)
				}
			}
			for _, k := range c.keep {
				if !strings.Contains(got, k) {
					t.Errorf("Redact(%q) = %q: lost %q", c.in, got, k)
				}
			}
		})
	}
}
