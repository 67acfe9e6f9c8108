package proxy

import (
	"strings"
	"sync"
	"time"
)

// LoginLimit bounds failed logins. OTRS locks an agent out after its own
// number of failures; this limit keeps a guessing client away from OTRS
// before that, and stops one client from trying many logins.
type LoginLimit struct {
	// PerClient is how many failures one client address may have in
	// Window; 0 means no limit.
	PerClient int
	// PerLogin is how many failures one login may have in Window, from
	// any client; 0 means no limit.
	PerLogin int
	Window   time.Duration
}

// loginLimiter counts failures per key in fixed windows that start at a
// key's first failure. It is per process: with several replicas each
// counts its own share.
type loginLimiter struct {
	cfg LoginLimit
	now func() time.Time

	mu    sync.Mutex
	fails map[string]*failWindow
}

type failWindow struct {
	n     int
	until time.Time
}

func newLoginLimiter(cfg LoginLimit) *loginLimiter {
	if cfg.Window <= 0 {
		cfg.Window = 15 * time.Minute
	}
	return &loginLimiter{cfg: cfg, now: time.Now, fails: map[string]*failWindow{}}
}

func clientKey(addr string) string { return "c\x00" + addr }
func loginKey(login string) string { return "l\x00" + strings.ToLower(login) }

// blocked reports which limit, if any, refuses a login attempt now:
// "client", "login" or "".
func (l *loginLimiter) blocked(addr, login string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.over(clientKey(addr), l.cfg.PerClient, now) {
		return "client"
	}
	if login != "" && l.over(loginKey(login), l.cfg.PerLogin, now) {
		return "login"
	}
	return ""
}

func (l *loginLimiter) over(key string, max int, now time.Time) bool {
	if max <= 0 {
		return false
	}
	w, ok := l.fails[key]
	return ok && now.Before(w.until) && w.n >= max
}

// failed counts a failed login for the client and the login.
func (l *loginLimiter) failed(addr, login string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.fails) > 100000 {
		l.sweep(now)
	}
	l.count(clientKey(addr), now)
	if login != "" {
		l.count(loginKey(login), now)
	}
}

func (l *loginLimiter) count(key string, now time.Time) {
	w, ok := l.fails[key]
	if !ok || !now.Before(w.until) {
		w = &failWindow{until: now.Add(l.cfg.Window)}
		l.fails[key] = w
	}
	w.n++
}

// succeeded clears the login's failures. The client's stay: one good
// account must not reset a client that guesses others.
func (l *loginLimiter) succeeded(login string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, loginKey(login))
}

func (l *loginLimiter) sweep(now time.Time) {
	for k, w := range l.fails {
		if !now.Before(w.until) {
			delete(l.fails, k)
		}
	}
}
