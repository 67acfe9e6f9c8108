package gi

import "github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"

// giAuth authenticates an operation the way GI's common operation base
// does: a SessionID, else UserLogin+Password, else
// CustomerUserLogin+Password. The caller holds s.Mu.
func giAuth(s *store.Store, d giData) (store.User, bool) {
	if sid := giStr(d["SessionID"]); sid != "" {
		return s.SessionUser(sid)
	}
	pw := giStr(d["Password"])
	if login := giStr(d["UserLogin"]); login != "" {
		if a := s.AgentByLogin(login); a != nil && a.ValidID == 1 && pw != "" && a.Password == pw {
			return store.User{Agent: a}, true
		}
		return store.User{}, false
	}
	if login := giStr(d["CustomerUserLogin"]); login != "" {
		if cu := s.CustomerUser(login); cu != nil && cu.ValidID == 1 && pw != "" && cu.Password == pw {
			return store.User{Customer: cu}, true
		}
	}
	return store.User{}, false
}

// giAuthRead is giAuth for a caller holding s.Mu for reading only: an
// expired session is refused but left for a writer to delete, and the
// last request time is touched under TouchMu.
func giAuthRead(s *store.Store, d giData) (store.User, bool) {
	sid := giStr(d["SessionID"])
	if sid == "" {
		return giAuth(s, d) // login and password: changes nothing
	}
	sess := s.Sessions[sid]
	if sess == nil {
		return store.User{}, false
	}
	now := s.Now()
	s.TouchMu.Lock()
	expired := now.Sub(sess.LastRequest) > store.SessionMaxIdleTime || now.Sub(sess.CreateTime) > store.SessionMaxTime
	if !expired {
		sess.LastRequest = now
	}
	s.TouchMu.Unlock()
	if expired {
		return store.User{}, false
	}
	return s.UserOf(sess)
}
