package web

import (
	"regexp"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

var alnum = regexp.MustCompile(`^[a-zA-Z0-9]+$`)

const msgInstructionsSent = "Sent password reset instructions. Please check your email."

// webLostPassword is InterfaceAgent's LostPassword (Znuny 6.5.4): the same
// SuccessBox for unknown users, no user and unknown tokens (web/40-45);
// "Feature not active!" when off; a Fatal Error when the mail fails.
func (o *Interface) webLostPassword(q *webRequest) {
	o.state.mu.Lock()
	off, mailFails := o.state.lostPasswordOff, o.state.mailFails
	o.state.mu.Unlock()
	if off {
		writeLoginPage(q, "Login", "Feature not active!", false, false)
		return
	}
	user, token := q.param("User"), q.param("Token")
	var agent store.Agent
	found := false
	o.Store.Lock(func(s *store.Store) {
		if user == "" && token != "" {
			if !alnum.MatchString(token) {
				return
			}
			o.state.mu.Lock()
			for id, t := range o.state.resetTokens {
				if t == token {
					if a := s.AgentByID(id); a != nil && a.ValidID == 1 {
						user = a.Login
					}
				}
			}
			o.state.mu.Unlock()
		}
		if a := s.AgentByLogin(user); a != nil && a.ValidID == 1 {
			agent, found = *a, true
		}
	})
	if !found {
		writeLoginPage(q, "Login", msgInstructionsSent, true, false)
		return
	}
	if mailFails {
		webFatalNoSession(q, "Error while queueing email to '"+agent.Email+"' from 'support@localhost'.", "Please contact the administrator.")
		return
	}
	o.state.mu.Lock()
	defer o.state.mu.Unlock()
	if o.state.resetTokens == nil {
		o.state.resetTokens = map[int]string{}
	}
	if token == "" {
		tok := store.NewSessionID()
		o.state.resetTokens[agent.ID] = tok
		o.state.outbox = append(o.state.outbox, Mail{To: agent.Email, Subject: "New OTRS password request",
			Body: "Hi " + agent.FirstName + ",\n\nYou or someone impersonating you has requested to change your password.\n\n/otrs/index.pl?Action=LostPassword;Token=" + tok + "\n"})
		writeLoginPage(q, "Login", msgInstructionsSent, true, false)
		return
	}
	if o.state.resetTokens[agent.ID] == "" || o.state.resetTokens[agent.ID] != token {
		writeLoginPage(q, "Login", "Invalid Token!", false, false)
		return
	}
	delete(o.state.resetTokens, agent.ID)
	pw := store.NewSessionID()[:12]
	o.Store.Lock(func(s *store.Store) {
		if a := s.AgentByID(agent.ID); a != nil {
			a.Password = pw
		}
	})
	o.state.outbox = append(o.state.outbox, Mail{To: agent.Email, Subject: "New OTRS password", Body: "New Password is: " + pw + "\n"})
	writeLoginPage(q, "Login", "Sent new password to "+agent.Email+". Please check your email.", true, false)
}
