package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

// MsgLoginFailed is the login page's error after a refused Auth
// (otrs-recordings/web/03).
const MsgLoginFailed = "Login failed! Your user name or password was entered incorrectly."

// webLogin is InterfaceAgent.pm's Login branch (Znuny 6.5.4
// Kernel/System/Web/InterfaceAgent.pm:232-521), which runs before any
// session check:
//   - Auth refuses (unknown or invalid agent, wrong or empty password):
//     the login page with "Login failed! …" and LoginFailed=1 in
//     Core.Config (web/03; InterfaceAgent.pm:266-318, Layout.pm:889);
//   - CreateSessionID refuses (AgentSessionLimit, AgentSessionPerUserLimit,
//     counted over the AgentInterface sessions not idle longer than
//     SessionMaxIdleTime; Kernel/System/AuthSession.pm:242-290 and
//     AuthSession/DB.pm:385-445): the login page with the reason and no
//     LoginFailed (InterfaceAgent.pm:366-379);
//   - success: a session with SessionSource=AgentInterface, 302 with the
//     session cookie and Location index.pl?<SessionName>=<id>
//     (real2/znuny65/22).
func (o *Interface) webLogin(q *webRequest) {
	s := o.Store
	s.Mu.Lock()
	a := s.AgentByLogin(q.param("User"))
	pw := q.r.Form.Get("Password")
	if a == nil || a.ValidID != 1 || pw == "" || a.Password != pw {
		s.Mu.Unlock()
		writeLoginPageConfig(q, "Login", MsgLoginFailed, false, false, map[string]any{"LoginFailed": 1})
		return
	}
	if msg := sessionLimitReached(s, a); msg != "" {
		s.Mu.Unlock()
		writeLoginPageConfig(q, "Login", msg, false, false, map[string]any{"LoginFailed": nil})
		return
	}
	now := s.Now()
	// CreateSessionID stores the session's UserChallengeToken at once
	// (real2/znuny65/db/40 lists it for web logins).
	sess := &store.Session{ID: store.NewSessionID(), UserID: a.ID, CreateTime: now, LastRequest: now, Source: store.SourceAgentInterface, ChallengeToken: store.NewSessionID()}
	s.Sessions[sess.ID] = sess
	s.Mu.Unlock()

	h := q.w.Header()
	st := q.site
	loc := st.path + "index.pl?" + st.name + "=" + sess.ID
	if st.dialect.EmptyLoginRedirect {
		// real2/otobo11/22: SameSite=Lax, an empty expires and no body.
		h.Add("Set-Cookie", st.browserCookie()+"=; path="+st.path+"; expires=Mon, 01-Dec-2025 00:51:47 GMT; SameSite=Lax; HttpOnly")
		h.Add("Set-Cookie", st.name+"="+sess.ID+"; path="+st.path+"; expires=; SameSite=Lax; HttpOnly")
		h.Set("Location", loc)
		h.Set("Content-Length", "0")
		q.w.WriteHeader(http.StatusFound)
		return
	}
	h.Add("Set-Cookie", st.browserCookie()+"=; path="+st.path+"; expires=Mon, 01-Dec-2025 00:07:25 GMT; HttpOnly")
	h.Add("Set-Cookie", st.name+"="+sess.ID+"; path="+st.path+"; HttpOnly")
	h.Set("Location", loc)
	h.Set("Content-Type", "text/html; charset=utf-8;")
	q.w.WriteHeader(http.StatusFound)
	fmt.Fprintf(q.w, "document <a href=\"%sindex.pl?;%s=%s\">moved</a>\n", st.path, st.name, sess.ID)
}

// sessionLimitReached is CreateSessionID's limit check for an agent
// session: GI sessions are neither checked nor counted. The caller holds
// s.Mu.
func sessionLimitReached(s *store.Store, a *store.Agent) string {
	limit, _ := strconv.Atoi(s.Setting("AgentSessionLimit"))
	perUser, _ := strconv.Atoi(s.Setting("AgentSessionPerUserLimit"))
	now := s.Now()
	total, mine := 0, 0
	for _, sess := range s.Sessions {
		if sess.Customer || sess.Source == store.SourceGI || now.Sub(sess.LastRequest) > store.SessionMaxIdleTime {
			continue
		}
		total++
		if sess.UserID == a.ID {
			mine++
		}
	}
	switch {
	case limit > 0 && total >= limit:
		return "Session limit reached! Please try again later."
	case perUser > 0 && mine >= perUser:
		return "Session per user limit reached!"
	}
	return ""
}
