package session

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/patrickmn/go-cache"
	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"golang.org/x/sync/singleflight"
)

// ErrInvalid means the token is unknown, expired, removed or not an
// agent's.
var ErrInvalid = errors.New("session invalid")

// SessionGetter is the part of the GenericInterface client a Manager uses.
type SessionGetter interface {
	SessionGet(ctx context.Context, sessionID string) (gi.Session, error)
}

// Toucher refreshes a session's idle timer in OTRS (GI calls do not).
type Toucher interface {
	Touch(ctx context.Context, sessionID string) error
}

// Config configures a Manager.
type Config struct {
	// TTL is how long a validated token is trusted without asking OTRS.
	TTL time.Duration
	// Secret keys the ChallengeToken HMAC; every replica needs the same.
	Secret []byte
	// TouchEvery is how often, at most, a session's idle timer is
	// refreshed through Toucher.
	TouchEvery time.Duration
	// OnCache, when set, hears every cache lookup (metrics).
	OnCache func(hit bool)
	// RefusedTTL is how long OTRS's refusal of a token is remembered,
	// so that a client repeating a bad token does not reach OTRS one for
	// one; default 10 s. A refused token never becomes valid (OTRS makes
	// new ids), so only memory bounds it.
	RefusedTTL time.Duration
	// Ended, when set, shares ended sessions with the other replicas
	// (RedisEnded with RS4OTRS_REDIS_URL): a cached validation is checked
	// against it on every use, so a logout on one replica is effective on
	// all at once. Without it a replica trusts its cache for up to TTL
	// after a logout elsewhere.
	Ended Ended
}

// Manager validates tokens and derives challenge tokens.
type Manager struct {
	gi      SessionGetter
	toucher Toucher
	cfg     Config
	users   *cache.Cache
	touched *cache.Cache
	// refused holds the hashes of tokens OTRS refused (RefusedTTL).
	refused *cache.Cache
	// asking joins concurrent validations of one token into one
	// SessionGet.
	asking singleflight.Group
}

// NewManager returns a Manager asking g. toucher may be nil.
func NewManager(g SessionGetter, toucher Toucher, cfg Config) *Manager {
	if cfg.TTL <= 0 {
		cfg.TTL = time.Minute
	}
	if cfg.TouchEvery <= 0 {
		cfg.TouchEvery = 5 * time.Minute
	}
	if cfg.RefusedTTL <= 0 {
		cfg.RefusedTTL = 10 * time.Second
	}
	return &Manager{
		gi: g, toucher: toucher, cfg: cfg,
		users:   cache.New(cfg.TTL, 2*cfg.TTL),
		touched: cache.New(cfg.TouchEvery, 2*cfg.TouchEvery),
		refused: cache.New(cfg.RefusedTTL, 2*cfg.RefusedTTL),
	}
}

// key is the cache key of a token: a hash, so that a heap dump or a debug
// listing of the cache never shows a usable token.
func key(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Validate returns the agent behind token, asking OTRS on a cache miss.
func (m *Manager) Validate(ctx context.Context, token string) (*User, error) {
	if token == "" {
		return nil, ErrInvalid
	}
	k := key(token)
	u, ok := m.users.Get(k)
	if m.cfg.OnCache != nil {
		m.cfg.OnCache(ok)
	}
	if ok {
		switch ended, err := m.endedElsewhere(ctx, k); {
		case ended:
			m.users.Delete(k)
			return nil, ErrInvalid
		case err == nil:
			m.touch(ctx, k, token)
			return u.(*User), nil
		default:
			// The shared store cannot answer: the cached validation is
			// not trusted, OTRS is asked as on a miss.
			zerolog.Ctx(ctx).Warn().Err(err).Msg("session invalidation: shared store unreachable; asking OTRS")
		}
	}
	if _, ok := m.refused.Get(k); ok {
		return nil, ErrInvalid
	}
	// Without the caller's cancellation: the answer serves every caller
	// joined to it (the GI client's own timeout still bounds it).
	v, err, _ := m.asking.Do(k, func() (any, error) { return m.ask(context.WithoutCancel(ctx), k, token) })
	if err != nil {
		return nil, err
	}
	user := v.(*User)
	m.touch(ctx, k, token)
	return user, nil
}

// ask validates token through GI SessionGet and caches the answer: the
// agent for TTL, a refusal for RefusedTTL.
func (m *Manager) ask(ctx context.Context, k, token string) (*User, error) {
	data, err := m.gi.SessionGet(ctx, token)
	if errors.Is(err, gi.ErrInvalidSession) {
		m.refused.SetDefault(k, true)
		m.markEnded(ctx, k)
		return nil, ErrInvalid
	}
	if err != nil {
		return nil, fmt.Errorf("validate session: %w", err)
	}
	user := userFromSession(data)
	if user == nil {
		m.refused.SetDefault(k, true)
		return nil, ErrInvalid
	}
	m.users.SetDefault(k, user)
	return user, nil
}

// touch refreshes the OTRS idle timer at most once per TouchEvery per
// session, in the background so the caller does not wait for it.
func (m *Manager) touch(ctx context.Context, k, token string) {
	if m.toucher == nil {
		return
	}
	if m.touched.Add(k, true, cache.DefaultExpiration) != nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := m.toucher.Touch(ctx, token); err != nil {
			// The next validation tries again; the session itself is
			// still valid (GI said so), only its idle timer was not
			// refreshed. The log gets the cause, never the token.
			m.touched.Delete(k)
			zerolog.Ctx(ctx).Warn().Err(err).Msg("session keep-alive through the agent interface failed")
		}
	}()
}

// Forget drops token from the cache (logout, a session OTRS ended) and
// tells the other replicas (Config.Ended).
func (m *Manager) Forget(token string) {
	k := key(token)
	m.users.Delete(k)
	m.touched.Delete(k)
	m.markEnded(context.Background(), k)
}

// endedTimeout bounds one call to Config.Ended.
const endedTimeout = time.Second

// endedElsewhere reports whether a replica marked the session of k
// ended (Config.Ended); an error means the shared store did not answer.
func (m *Manager) endedElsewhere(ctx context.Context, k string) (bool, error) {
	if m.cfg.Ended == nil {
		return false, nil
	}
	ctx, cancel := context.WithTimeout(ctx, endedTimeout)
	defer cancel()
	return m.cfg.Ended.IsEnded(ctx, k)
}

// markEnded records k's end in the shared store for the cache's TTL
// (by then every replica's cached validation has expired).
func (m *Manager) markEnded(ctx context.Context, k string) {
	if m.cfg.Ended == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), endedTimeout)
	defer cancel()
	if err := m.cfg.Ended.MarkEnded(ctx, k, m.cfg.TTL); err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("session invalidation: could not tell the other replicas; they trust their cache until it expires")
	}
}

// ChallengeToken derives the login's ChallengeToken from the SessionID, so
// any replica with the same secret can check it.
func (m *Manager) ChallengeToken(token string) string {
	mac := hmac.New(sha256.New, m.cfg.Secret)
	mac.Write([]byte(token))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))[:32]
}

// CheckChallenge reports, in constant time, whether challenge belongs to
// token.
func (m *Manager) CheckChallenge(token, challenge string) bool {
	want := m.ChallengeToken(token)
	return subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}

// Remember caches u as the agent behind token, as a validation would: for
// a session the caller has just made and knows the agent of (the login),
// so that neither the login nor the next call asks OTRS. The login has
// just refreshed the session's idle timer, so no touch is due either.
func (m *Manager) Remember(token string, u *User) {
	k := key(token)
	m.users.SetDefault(k, u)
	m.touched.SetDefault(k, true)
}
