package fakeotrs

import (
	"crypto/rand"
	"time"
)

// Znuny's default session lifetimes (SessionMaxIdleTime, SessionMaxTime).
const (
	SessionMaxIdleTime = 7200 * time.Second
	SessionMaxTime     = 57600 * time.Second
)

// giUser is who an operation runs as.
type giUser struct {
	agent    *Agent
	customer *CustomerUser
}

// giAuth authenticates an operation the way GI's common operation base
// does: a SessionID, else UserLogin+Password, else
// CustomerUserLogin+Password. The caller holds s.mu.
func (s *Store) giAuth(d giData) (giUser, bool) {
	if sid := giStr(d["SessionID"]); sid != "" {
		return s.giSessionUser(sid)
	}
	pw := giStr(d["Password"])
	if login := giStr(d["UserLogin"]); login != "" {
		if a := s.agentByLogin(login); a != nil && a.ValidID == 1 && pw != "" && a.Password == pw {
			return giUser{agent: a}, true
		}
		return giUser{}, false
	}
	if login := giStr(d["CustomerUserLogin"]); login != "" {
		if cu := s.customerUser(login); cu != nil && cu.ValidID == 1 && pw != "" && cu.Password == pw {
			return giUser{customer: cu}, true
		}
	}
	return giUser{}, false
}

// giAuthRead is giAuth for a caller holding s.mu for reading only: an
// expired session is refused but left for a writer to delete, and the
// last request time is touched under touchMu.
func (s *Store) giAuthRead(d giData) (giUser, bool) {
	sid := giStr(d["SessionID"])
	if sid == "" {
		return s.giAuth(d) // login and password: changes nothing
	}
	sess := s.Sessions[sid]
	if sess == nil {
		return giUser{}, false
	}
	now := s.Now()
	s.touchMu.Lock()
	expired := now.Sub(sess.LastRequest) > SessionMaxIdleTime || now.Sub(sess.CreateTime) > SessionMaxTime
	if !expired {
		sess.LastRequest = now
	}
	s.touchMu.Unlock()
	if expired {
		return giUser{}, false
	}
	return s.sessionUser(sess)
}

// giSessionUser resolves a session id, touching its last request time.
func (s *Store) giSessionUser(sid string) (giUser, bool) {
	sess := s.Sessions[sid]
	if sess == nil {
		return giUser{}, false
	}
	now := s.Now()
	if now.Sub(sess.LastRequest) > SessionMaxIdleTime || now.Sub(sess.CreateTime) > SessionMaxTime {
		delete(s.Sessions, sid)
		return giUser{}, false
	}
	sess.LastRequest = now
	return s.sessionUser(sess)
}

// sessionUser is the valid agent or customer user of a live session.
func (s *Store) sessionUser(sess *Session) (giUser, bool) {
	if sess.Customer {
		for _, cu := range s.CustomerUsers {
			if cu.ID == sess.UserID && cu.ValidID == 1 {
				return giUser{customer: cu}, true
			}
		}
		return giUser{}, false
	}
	if a := s.agentByID(sess.UserID); a != nil && a.ValidID == 1 {
		return giUser{agent: a}, true
	}
	return giUser{}, false
}

// newSessionID returns a 32-character id like OTRS's.
func newSessionID() string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 32)
	rand.Read(b)
	for i := range b {
		b[i] = chars[int(b[i])%len(chars)]
	}
	return string(b)
}

// otrsTime formats a time as OTRS does (its time zone is UTC here).
func otrsTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }
