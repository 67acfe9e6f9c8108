package otrs

import "regexp"

// Redact removes session ids, passwords and tokens from text that came
// from OTRS (an error page, a non-JSON answer) before it reaches an error
// and so the log: an error page that echoes the request URL carries
// SessionID=… (the stock GI routes put it in the query or the path), and a
// login page may echo the form. Used by the GI and agent-interface clients
// on every upstream text they quote.
func Redact(s string) string {
	s = redactNamed.ReplaceAllString(s, "${1}${2}[redacted]")
	s = redactPath.ReplaceAllString(s, "${1}[redacted]")
	return redactLong.ReplaceAllString(s, "[redacted]")
}

var (
	// A named secret followed by =, : or ":" and its value, in a query
	// string, a cookie, a form, JSON or Perl's dumper: OTRS's session
	// names, its ChallengeToken, passwords (Password, Pw, UserPw, NewPw)
	// and reset tokens.
	redactNamed = regexp.MustCompile(`(?i)((?:SessionID|OTRSAgentInterface|OTRSCustomerInterface|ChallengeToken|[A-Za-z]*Password[A-Za-z]*|[A-Za-z]*Pw|Token|Secret)[A-Za-z0-9_]*)((?:\\?["'])?\s*(?:=>?|:)\s*(?:\\?["'])?)([^&\s"'<>;,\\]+)`)
	// The stock routes' /Session/:SessionID.
	redactPath = regexp.MustCompile(`(/Session/)([A-Za-z0-9]{16,})`)
	// Whatever else looks like a session id (OTRS makes 32 or more
	// letters and digits): a page may print it without a name.
	redactLong = regexp.MustCompile(`\b[A-Za-z0-9]{32,}\b`)
)
