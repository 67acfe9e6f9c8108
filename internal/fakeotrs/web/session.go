package web

import (
	"net/http"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

// logout is InterfaceAgent's Logout: ChallengeToken check (Fatal Error),
// remove the session, login page with "Logout successful." and a
// cookie-clearing Set-Cookie.
func (v *agentView) logout() {
	if !v.challengeOK() {
		v.fatal("Invalid Challenge Token!", "Please contact the administrator.")
		return
	}
	v.o.Store.Lock(func(s *store.Store) { delete(s.Sessions, v.q.sessionID) })
	v.q.w.Header().Add("Set-Cookie", v.q.site.name+"=; path="+v.q.site.path+"; expires=Wed, 26-Nov-2025 18:00:10 GMT; HttpOnly")
	writeLoginPage(v.q, "Logout", "Logout successful.", true, false)
}

// webFatalNoSession is FatalError without a session (LostPassword's mail
// failure): the error screen without navigation.
func webFatalNoSession(q *webRequest, msg, comment string) {
	writeHTML(q, http.StatusOK, q.pageHead("Fatal Error - Frontend")+"<body>\n"+errorScreen(msg, comment)+"</body>\n</html>\n")
}
