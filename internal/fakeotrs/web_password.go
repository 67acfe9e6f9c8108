package fakeotrs

import (
	"regexp"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

var alnum = regexp.MustCompile(`^[a-zA-Z0-9]+$`)

const msgInstructionsSent = "Sent password reset instructions. Please check your email."

// webLostPassword is InterfaceAgent's LostPassword (Znuny 6.5.4): the same
// SuccessBox for unknown users, no user and unknown tokens (web/40-45);
// "Feature not active!" when off; a Fatal Error when the mail fails.
func (o *OTRS) webLostPassword(q *webRequest) {
	w := q.w
	o.web.mu.Lock()
	off, mailFails := o.web.lostPasswordOff, o.web.mailFails
	o.web.mu.Unlock()
	if off {
		writeLoginPage(w, "Login", "Feature not active!", false, false)
		return
	}
	user, token := q.param("User"), q.param("Token")
	var agent store.Agent
	found := false
	o.Store.Lock(func(s *Store) {
		if user == "" && token != "" {
			if !alnum.MatchString(token) {
				return
			}
			o.web.mu.Lock()
			for id, t := range o.web.resetTokens {
				if t == token {
					if a := s.AgentByID(id); a != nil && a.ValidID == 1 {
						user = a.Login
					}
				}
			}
			o.web.mu.Unlock()
		}
		if a := s.AgentByLogin(user); a != nil && a.ValidID == 1 {
			agent, found = *a, true
		}
	})
	if !found {
		writeLoginPage(w, "Login", msgInstructionsSent, true, false)
		return
	}
	if mailFails {
		webFatalNoSession(w, "Error while queueing email to '"+agent.Email+"' from 'support@localhost'.", "Please contact the administrator.")
		return
	}
	o.web.mu.Lock()
	defer o.web.mu.Unlock()
	if o.web.resetTokens == nil {
		o.web.resetTokens = map[int]string{}
	}
	if token == "" {
		tok := store.NewSessionID()
		o.web.resetTokens[agent.ID] = tok
		o.web.outbox = append(o.web.outbox, Mail{To: agent.Email, Subject: "New OTRS password request",
			Body: "Hi " + agent.FirstName + ",\n\nYou or someone impersonating you has requested to change your password.\n\n/otrs/index.pl?Action=LostPassword;Token=" + tok + "\n"})
		writeLoginPage(w, "Login", msgInstructionsSent, true, false)
		return
	}
	if o.web.resetTokens[agent.ID] == "" || o.web.resetTokens[agent.ID] != token {
		writeLoginPage(w, "Login", "Invalid Token!", false, false)
		return
	}
	delete(o.web.resetTokens, agent.ID)
	pw := store.NewSessionID()[:12]
	o.Store.Lock(func(s *Store) {
		if a := s.AgentByID(agent.ID); a != nil {
			a.Password = pw
		}
	})
	o.web.outbox = append(o.web.outbox, Mail{To: agent.Email, Subject: "New OTRS password", Body: "New Password is: " + pw + "\n"})
	writeLoginPage(w, "Login", "Sent new password to "+agent.Email+". Please check your email.", true, false)
}
