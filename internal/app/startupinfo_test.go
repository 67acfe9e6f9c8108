package app

import "testing"

// A start-up line names where the proxy connects, never a password in
// the URL (Redis, database) or a query.
func TestSafeURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"redis://:s3cret@redis:6379/0", "redis://redis:6379/0"},
		{"rediss://user:s3cret@redis.example:6380", "rediss://redis.example:6380"},
		{"https://otrs.example/otrs/nph-genericinterface.pl/Webservice/RS4OTRSProxy?SessionID=x", "https://otrs.example/otrs/nph-genericinterface.pl/Webservice/RS4OTRSProxy"},
		{"not a url", "(unparsable)"},
	} {
		if got := safeURL(tc.in); got != tc.want {
			t.Errorf("safeURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
