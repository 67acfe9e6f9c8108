// Package web is the fake OTRS's agent interface (index.pl): login,
// logout, lost password, ticket zoom, watch, seen, user and ticket
// search, customer user administration, with the pages and errors of
// Znuny 6.5.4 as recorded (internal/otrs/recordings/data), under the
// names and paths of the Store's line (store.Dialects). It reads and
// writes the fake's store.Store under its lock.
package web

import (
	"net/http"
	"strings"
	"sync"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/roundtrip"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

// Interface is the agent interface (index.pl) over a Store: the actions
// the proxy drives, with OTRS's pages and errors.
type Interface struct {
	Store *store.Store
	state state
}

// New returns the agent interface serving s.
func New(s *store.Store) *Interface { return &Interface{Store: s} }

// site is what a request of the agent interface needs of its line: the
// session's name (SysConfig SessionName), the ScriptAlias its URLs live
// under and the rest of the dialect.
type site struct {
	name, path, title string
	dialect           store.Dialect
}

// siteOf reads the line's names; the caller holds s.Mu.
func siteOf(s *store.Store) site {
	d := s.Dialect()
	return site{name: s.Setting("SessionName"), path: s.WebPath(), title: d.Title, dialect: d}
}

// browserCookie is the cookie that tells OTRS the browser takes cookies,
// named after the product like the session (OTRSBrowserHasCookie,
// OTOBOBrowserHasCookie: real2/znuny65/22, real2/otobo11/22).
func (st site) browserCookie() string {
	return strings.TrimSuffix(st.name, "AgentInterface") + "BrowserHasCookie"
}

// state is what the agent interface keeps beyond the Store: the
// settings a test switches and the mails OTRS would have sent.
type state struct {
	mu sync.Mutex
	// lostPasswordOff is SysConfig LostPassword = 0.
	lostPasswordOff bool
	// mailFails makes every mail fail (a bad NotificationSenderEmail).
	mailFails bool
	// resetTokens maps an agent id to its pending UserToken.
	resetTokens map[int]string
	outbox      []Mail
}

// Mail is a mail OTRS would have sent.
type Mail struct {
	To, Subject, Body string
}

// webRequest is one index.pl request: its parameters (query and form,
// OTRS reads both) and the session it carries.
type webRequest struct {
	w         http.ResponseWriter
	r         *http.Request
	action    string
	subaction string
	sessionID string
	site      site
}

func (q *webRequest) param(name string) string { return strings.TrimSpace(q.r.Form.Get(name)) }

// ServeHTTP dispatches on Action like InterfaceAgent.pm:
// Login and LostPassword need no session, everything else a valid agent
// session.
func (o *Interface) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// OTRS accepts ';' as a separator, as its own links use it.
	r.URL.RawQuery = strings.ReplaceAll(r.URL.RawQuery, ";", "&")
	if err := r.ParseMultipartForm(32 << 20); err != nil && err != http.ErrNotMultipart {
		r.ParseForm()
	}
	q := &webRequest{w: w, r: r, action: r.Form.Get("Action"), subaction: r.Form.Get("Subaction")}
	name := "web " + q.action
	if q.subaction != "" {
		name += "/" + q.subaction
	}
	roundtrip.Name(r.Context(), name, 0)
	o.Store.Read(func(s *store.Store) { q.site = siteOf(s) })
	q.sessionID = r.Form.Get(q.site.name)
	if c, err := r.Cookie(q.site.name); q.sessionID == "" && err == nil {
		q.sessionID = c.Value
	}
	switch q.action {
	case "LostPassword":
		o.webLostPassword(q)
		return
	case "Login":
		o.webLogin(q)
		return
	}
	if q.sessionID == "" {
		writeLoginPage(q, "Login", "", false, false)
		return
	}
	s := o.Store
	s.Mu.Lock()
	u, ok := s.SessionUser(q.sessionID)
	var sess *store.Session
	var source string
	if ok {
		sess = s.Sessions[q.sessionID]
		if sess.ChallengeToken == "" {
			sess.ChallengeToken = store.NewSessionID()
		}
		source = sess.Source
	}
	s.Mu.Unlock()
	switch {
	case !ok:
		writeLoginPage(q, "Login", "Session invalid. Please log in again.", false, true)
		return
	case u.Agent == nil:
		writeLoginPage(q, "Error", "Error: invalid session.", false, false)
		return
	}
	v := &agentView{o: o, q: q, agent: u.Agent, token: sess.ChallengeToken, source: source}
	switch q.action {
	case "Logout":
		v.logout()
	case "AgentTicketWatcher":
		v.watcher()
	case "AgentTicketZoom":
		v.zoom()
	case "AgentTicketMarkSeenUnseen":
		// No recorded line ships the module (not in Znuny 6.5.4's or
		// 7.0.9's ARCHIVE): InterfaceAgent fails to load it, before any
		// navigation is drawn (real2/znuny70/40).
		webFatalNoSession(q, "Can't locate Kernel/Modules/AgentTicketMarkSeenUnseen.pm in @INC", "Please contact the administrator.")
	case "AgentUserSearch":
		v.userSearch()
	case "AgentTicketSearch":
		v.ticketSearch()
	case "AdminCustomerUser":
		v.adminCustomerUser()
	default:
		// "Module Kernel::Modules::X not registered in Kernel/Config.pm!"
		// goes to the log; the page only asks to contact the admin.
		v.fatal("", "Please contact the administrator.")
	}
}

// agentView serves one action for a logged-in agent.
type agentView struct {
	o     *Interface
	q     *webRequest
	agent *store.Agent
	token string
	// source is the session's SessionSource.
	source string
}

// challengeOK is LayoutObject->ChallengeTokenCheck: the session's token,
// or the token of any other session of the same agent.
func (v *agentView) challengeOK() bool {
	tok := v.q.param("ChallengeToken")
	if tok == "" {
		return false
	}
	if tok == v.token {
		return true
	}
	ok := false
	v.o.Store.Lock(func(s *store.Store) {
		for _, sess := range s.Sessions {
			if !sess.Customer && sess.UserID == v.agent.ID && sess.ChallengeToken == tok {
				ok = true
			}
		}
	})
	return ok
}

// SetLostPassword switches the LostPassword feature (SysConfig
// LostPassword, on by default).
func (o *Interface) SetLostPassword(on bool) {
	o.state.mu.Lock()
	defer o.state.mu.Unlock()
	o.state.lostPasswordOff = !on
}

// SetMailFails makes OTRS fail to queue mails, as a bad
// NotificationSenderEmail does (a Fatal Error page).
func (o *Interface) SetMailFails(fail bool) {
	o.state.mu.Lock()
	defer o.state.mu.Unlock()
	o.state.mailFails = fail
}

// Outbox returns the mails sent so far.
func (o *Interface) Outbox() []Mail {
	o.state.mu.Lock()
	defer o.state.mu.Unlock()
	return append([]Mail(nil), o.state.outbox...)
}

// ResetToken returns the agent's pending password reset token ("" if none).
func (o *Interface) ResetToken(login string) string {
	var id int
	o.Store.Lock(func(s *store.Store) {
		if a := s.AgentByLogin(login); a != nil {
			id = a.ID
		}
	})
	o.state.mu.Lock()
	defer o.state.mu.Unlock()
	return o.state.resetTokens[id]
}
