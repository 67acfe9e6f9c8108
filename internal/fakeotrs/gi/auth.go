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

// ticketOp is a ticket operation's own work: it runs with s.Mu held, for
// the user the request's credentials named.
type ticketOp func(s *store.Store, u store.User, d giData) any

// access is how an operation holds s.Mu.
type access bool

const (
	reads  access = false // read lock, giAuthRead (see Store)
	writes access = true  // write lock, giAuth
)

// authorized runs op with s.Mu held as acc says, once the request's
// credentials name a user. Those that name none get "<name>.AuthFail"
// with authFail, the operation's own text.
func authorized(name, authFail string, acc access, op ticketOp) func(*Connector, giData) any {
	return func(o *Connector, d giData) any {
		s := o.Store
		auth := giAuth
		if acc == writes {
			s.Mu.Lock()
			defer s.Mu.Unlock()
		} else {
			s.Mu.RLock()
			defer s.Mu.RUnlock()
			auth = giAuthRead
		}
		u, ok := auth(s, d)
		if !ok {
			return giError(name+".AuthFail", name+": "+authFail)
		}
		return op(s, u, d)
	}
}
