package store

import (
	"crypto/rand"
	"fmt"
	"time"
)

// Znuny's default session lifetimes (SessionMaxIdleTime, SessionMaxTime).
const (
	SessionMaxIdleTime = 7200 * time.Second
	SessionMaxTime     = 57600 * time.Second
)

// User is who an operation runs as.
type User struct {
	Agent    *Agent
	Customer *CustomerUser
}

// SessionUser resolves a session id, touching its last request time.
func (s *Store) SessionUser(sid string) (User, bool) {
	sess := s.Sessions[sid]
	if sess == nil {
		return User{}, false
	}
	now := s.Now()
	if now.Sub(sess.LastRequest) > SessionMaxIdleTime || now.Sub(sess.CreateTime) > SessionMaxTime {
		delete(s.Sessions, sid)
		return User{}, false
	}
	sess.LastRequest = now
	return s.UserOf(sess)
}

// UserOf is the valid agent or customer user of a live session.
func (s *Store) UserOf(sess *Session) (User, bool) {
	if sess.Customer {
		for _, cu := range s.CustomerUsers {
			if cu.ID == sess.UserID && cu.ValidID == 1 {
				return User{Customer: cu}, true
			}
		}
		return User{}, false
	}
	if a := s.AgentByID(sess.UserID); a != nil && a.ValidID == 1 {
		return User{Agent: a}, true
	}
	return User{}, false
}

// NewSessionID returns a 32-character id like OTRS's.
func NewSessionID() string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 32)
	rand.Read(b)
	for i := range b {
		b[i] = chars[int(b[i])%len(chars)]
	}
	return string(b)
}

// OTRSTime formats a time as OTRS does (its time zone is UTC here).
func OTRSTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }

// ID is the user id OTRS records as the changer: the agent, or
// CustomerPanelUserID for a customer user.
func (u User) ID() int {
	if u.Agent != nil {
		return u.Agent.ID
	}
	return 1 // CustomerPanelUserID
}

// MailString is the From of an article the user writes.
func (u User) MailString() string {
	if u.Agent != nil {
		return fmt.Sprintf("%s <%s>", u.Agent.FullName(), u.Agent.Email)
	}
	return fmt.Sprintf("%q <%s>", u.Customer.FirstName+" "+u.Customer.LastName, u.Customer.Email)
}

// FullName is the From OTRS gives an article added by TicketUpdate
// without one (gi/093): the bare full name.
func (u User) FullName() string {
	if u.Agent != nil {
		return u.Agent.FullName()
	}
	return u.Customer.FirstName + " " + u.Customer.LastName
}

// NewTicketNumber makes the next DateChecksum ticket number: date,
// SystemID 10, a 5-digit counter and a check digit. nextTN holds the
// counter and its check digit (113 = counter 11), as seeded.
func (s *Store) NewTicketNumber() string {
	counter := s.nextTN / 10
	base := fmt.Sprintf("%s10%05d", s.Now().Format("20060102"), counter)
	sum, mult := 0, 1
	for _, c := range base {
		sum += mult * int(c-'0')
		if mult++; mult == 3 {
			mult = 1
		}
	}
	check := 10 - sum%10
	if check == 10 {
		check = 1
	}
	s.nextTN = (counter + 1) * 10
	return fmt.Sprintf("%s%d", base, check)
}
