package proxy

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// LoginLimit bounds failed logins. OTRS locks an agent out after its own
// number of failures; this limit keeps a guessing client away from OTRS
// before that, without letting one client lock an agent out.
//
// Three counts, each over Window from its first failure:
//   - per (client, login): PerLogin failures of one login from one
//     address;
//   - per client: PerClient failures from one address, any login;
//   - per login, from every address: once a login has PerLogin failures
//     in all, it is under attack, and an address that has itself failed
//     underAttackTries times for it is refused. An address that has not
//     (the agent's own phone on another network) still logs in: the cap
//     never applies to an address that did not fail, so no one can lock
//     an agent out by address alone, while an attacker with many
//     addresses gets underAttackTries guesses per address instead of
//     PerLogin.
//
// Attempts in flight count like failures until OTRS answers (the
// reservation in reserve), so that concurrent attempts cannot all pass a
// check made before any of them failed. A success clears the (client,
// login) count; the client's and the login's stay, so that one good
// account does not reset a client that guesses others.
type LoginLimit struct {
	// PerClient is how many failures one client address may have in
	// Window; 0 means no limit.
	PerClient int
	// PerLogin is how many failures one login may have in Window from one
	// address, and from all addresses before the login counts as under
	// attack; 0 means no limit.
	PerLogin int
	Window   time.Duration
}

// underAttackTries is how many failures an address may have for a login
// under attack (see LoginLimit): enough for an agent's typos.
const underAttackTries = 3

// loginKey is a login as OTRS compares it: Kernel::System::Web::Request
// GetParam trims the User parameter, and Kernel::System::User UserLookup
// and the DB auth find the user case-blind (LOWER(login) = lc $Login), so
// " Agent.Full" and "agent.full" are one agent and one count.
func loginKey(login string) string { return strings.ToLower(strings.TrimSpace(login)) }

// counts is one key's failures in its window and its attempts in flight.
type counts struct {
	n        int
	until    time.Time
	inflight int
}

// windows counts events per key in fixed windows that start at a key's
// first event, plus attempts in flight that have no window. It is per
// process: with several replicas each counts its own share.
type windows struct {
	window time.Duration
	now    func() time.Time

	mu   sync.Mutex
	keys map[string]*counts
}

func newWindows(window time.Duration) *windows {
	return &windows{window: window, now: time.Now, keys: map[string]*counts{}}
}

// level is key's events in the current window plus those in flight, and
// how long until its window ends. The caller holds mu.
func (w *windows) level(key string, now time.Time) (int, time.Duration) {
	c, ok := w.keys[key]
	if !ok {
		return 0, 0
	}
	n, left := 0, c.until.Sub(now)
	if left > 0 {
		n = c.n
	} else {
		left = 0
	}
	return n + c.inflight, left
}

// add counts d events for key (d may be negative for inflight). The
// caller holds mu.
func (w *windows) add(key string, now time.Time, events, inflight int) {
	if len(w.keys) > 100000 {
		w.sweep(now)
	}
	c, ok := w.keys[key]
	if !ok {
		c = &counts{}
		w.keys[key] = c
	}
	if events > 0 && !now.Before(c.until) {
		c.n, c.until = 0, now.Add(w.window)
	}
	c.n += events
	c.inflight += inflight
	if c.inflight <= 0 && !now.Before(c.until) {
		delete(w.keys, key)
	}
}

func (w *windows) sweep(now time.Time) {
	for k, c := range w.keys {
		if c.inflight <= 0 && !now.Before(c.until) {
			delete(w.keys, k)
		}
	}
}

// refusal is a limit that refuses an attempt: which one, and when the
// client may try again.
type refusal struct {
	limit      string
	retryAfter time.Duration
}

// over reports whether key is at max; its Retry-After is the rest of its
// window, or a second when only attempts in flight fill it.
func (w *windows) over(key string, most int, now time.Time, limit string) *refusal {
	if most <= 0 {
		return nil
	}
	n, left := w.level(key, now)
	if n < most {
		return nil
	}
	return &refusal{limit: limit, retryAfter: max(left, time.Second)}
}

// loginLimiter applies LoginLimit (see there).
type loginLimiter struct {
	cfg LoginLimit
	*windows

	// typical is a moving average of how long OTRS takes to refuse a
	// login, in nanoseconds: a refusal of ours waits as long (see
	// refusalDelay).
	typical float64
}

func newLoginLimiter(cfg LoginLimit) *loginLimiter {
	if cfg.Window <= 0 {
		cfg.Window = 15 * time.Minute
	}
	return &loginLimiter{cfg: cfg, windows: newWindows(cfg.Window), typical: float64(200 * time.Millisecond)}
}

func pairKey(addr, login string) string { return "p\x00" + addr + "\x00" + loginKey(login) }
func clientKey(addr string) string      { return "c\x00" + addr }
func allKey(login string) string        { return "l\x00" + loginKey(login) }

// reserve checks the limits for one attempt and, when none refuses,
// counts it in flight for the client, the pair and the login; the caller
// must then call done exactly once with what OTRS answered.
func (l *loginLimiter) reserve(addr, login string) (done func(failed bool), refused *refusal) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if r := l.over(pairKey(addr, login), l.cfg.PerLogin, now, "client_login"); r != nil {
		return nil, r
	}
	if r := l.over(clientKey(addr), l.cfg.PerClient, now, "client"); r != nil {
		return nil, r
	}
	if l.cfg.PerLogin > 0 {
		if all, left := l.level(allKey(login), now); all >= l.cfg.PerLogin {
			if r := l.over(pairKey(addr, login), min(underAttackTries, l.cfg.PerLogin), now, "login"); r != nil {
				r.retryAfter = max(r.retryAfter, left)
				return nil, r
			}
		}
	}
	keys := []string{pairKey(addr, login), clientKey(addr), allKey(login)}
	for _, k := range keys {
		l.add(k, now, 0, 1)
	}
	start := now
	var once sync.Once
	return func(failed bool) {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			now := l.now()
			events := 0
			if failed {
				events = 1
				// OTRS's refusal time, for refusalDelay.
				l.typical = 0.8*l.typical + 0.2*float64(now.Sub(start))
			}
			for _, k := range keys {
				l.add(k, now, events, -1)
			}
		})
	}, nil
}

// succeeded clears the (client, login) failures after a login OTRS
// accepted.
func (l *loginLimiter) succeeded(addr, login string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.keys[pairKey(addr, login)]; ok {
		c.n = 0
	}
}

// refusalDelay is how long a refusal of ours waits before it answers: as
// long as OTRS typically takes to refuse a password (a moving average of
// the forwarded failures, at most 2 s). A client that times its attempts
// then cannot tell from the delay alone whether OTRS checked the password
// or the proxy refused it: both answers come after the same typical
// time, and the refusal's path (no upstream call) adds no other wait.
// This is argued from the code path, not measured in a test.
func (l *loginLimiter) refusalDelay() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return time.Duration(math.Min(l.typical, float64(2*time.Second)))
}

// wait sleeps d or until ctx ends.
func wait(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// tooMany is the proxy's own refusal of a request (a limit): HTTP 429
// with Retry-After and the envelope with Message (DECISIONS.md 1).
type tooMany struct {
	Message    string
	RetryAfter time.Duration
	Limit      string
}

func (e *tooMany) Error() string {
	return fmt.Sprintf("refused by the proxy's %s limit, retry after %s", e.Limit, e.RetryAfter)
}

// retryAfter is the Retry-After header's value: whole seconds, rounded up.
func (e *tooMany) retryAfter() string {
	return strconv.Itoa(int(math.Ceil(max(e.RetryAfter, time.Second).Seconds())))
}

// Limits of the proxy's own on what reaches OTRS without a valid session.
// They are per process, like LoginLimit.
const (
	// invalidTokensPerClient refused tokens per client and minute are
	// answered normally; beyond, 429 until the minute ends. A client
	// whose session ended needs one, an app retrying a few; the refusals
	// themselves are cached (session.Config.RefusedTTL), so this bounds
	// what a client scanning for tokens costs OTRS.
	invalidTokensPerClient = 60
	invalidTokenWindow     = time.Minute
	// lostPassword makes OTRS mail: per login, the reset instructions
	// (a call without Token) a few times per window; per client, every
	// call, a reset token's guess included.
	lostPasswordPerClient = 10
	lostPasswordPerLogin  = 3
	lostPasswordWindow    = 15 * time.Minute
)

// validate is the token check of every method that needs one, with the
// per-client limit on invalid tokens: past it the client gets 429 with
// Retry-After and Session invalid, before OTRS is asked again.
func (s *Server) validate(ctx context.Context, addr, token string) (*session.User, error) {
	key := clientKey(addr)
	s.badTokens.mu.Lock()
	r := s.badTokens.over(key, invalidTokensPerClient, s.badTokens.now(), "invalid_token")
	s.badTokens.mu.Unlock()
	if r != nil {
		return nil, &tooMany{Message: api.MsgSessionInvalid, RetryAfter: r.retryAfter, Limit: r.limit}
	}
	u, err := s.api.Sessions.Validate(ctx, token)
	// No token is refused without asking OTRS: it costs OTRS nothing.
	if errors.Is(err, session.ErrInvalid) && token != "" {
		s.badTokens.mu.Lock()
		s.badTokens.add(key, s.badTokens.now(), 1, 0)
		s.badTokens.mu.Unlock()
	}
	return u, err
}

// limitLostPassword is /auth/lostPassword's own middleware: OTRS mails
// on every call, so every call counts per client, and a call without
// Token (reset instructions, mailed to that login) per login too, as OTRS
// compares logins. With Token, User only names the login in the answer
// (OTRS finds the user by the token), so it is not counted per login.
// Past either limit, 429 with Retry-After.
func (s *Server) limitLostPassword(next api.Method) api.Method {
	return func(ctx context.Context, req *api.Request) (any, error) {
		if len(req.Params.Missing("User")) > 0 {
			return next(ctx, req) // answered without OTRS
		}
		user := req.Params.String("User")
		if req.Params.String("Token") != "" {
			user = ""
		}
		l := s.lostPassword
		l.mu.Lock()
		now := l.now()
		r := l.over(clientKey(req.RemoteAddr), lostPasswordPerClient, now, "lost_password_client")
		if r == nil && user != "" {
			r = l.over(allKey(user), lostPasswordPerLogin, now, "lost_password_login")
		}
		if r == nil {
			l.add(clientKey(req.RemoteAddr), now, 1, 0)
			if user != "" {
				l.add(allKey(user), now, 1, 0)
			}
		}
		l.mu.Unlock()
		if r != nil {
			s.cfg.Metrics.LoginRefused(r.limit)
			zerolog.Ctx(ctx).Warn().Str("remote", req.RemoteAddr).Str("user", user).Str("limit", r.limit).Msg("lost password refused: too many requests")
			return nil, &tooMany{Message: msgRateLimited, RetryAfter: r.retryAfter, Limit: r.limit}
		}
		return next(ctx, req)
	}
}
