package api

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

const (
	msgLoginOK          = "Successful login"
	msgLogoutOK         = "Logout successful."
	msgBadChallenge     = "Invalid Challenge Token!"
	msgCannotRemove     = "Can`t remove SessionID."
	defaultUserLanguage = "en"
)

// LoginAnswer is the answer of /auth/login.
type LoginAnswer struct {
	Message        string
	SessionName    string
	SessionValue   string
	ChallengeToken string
	Me             LoginMe
	Settings       LoginSettings
}

// LoginMe describes the agent; note FirstName/LastName, not Firstname.
type LoginMe struct {
	UserLogin string
	Email     *string
	FirstName *string
	LastName  *string
	FullName  *string
	ID        int
	Avatar    *string
}

// LoginSettings holds the agent's UI preferences.
type LoginSettings struct {
	Language string
}

// Login creates an OTRS session with the agent's credentials and answers
// the token pair. The session is made by the agent interface's login
// (otrs/web Login), as a browser's: Znuny's agent screens crash with a
// GenericInterface session (real2/znuny65/21, 27), and GI takes the web
// session as its SessionID (real2/*/30, 31). Only when no agent interface
// is configured (and so no agent-interface action can run) does it use GI
// SessionCreate. Either is called once: a failed login counts toward the
// agent's lockout in OTRS.
func (a *API) Login(ctx context.Context, r *Request) (any, error) {
	login, password := r.Params.String("User"), r.Params.String("Password")
	if login == "" || password == "" {
		return nil, loginFailed(errors.New("login: User or Password missing"))
	}
	token, err := a.createSession(ctx, login, password)
	if err != nil {
		return nil, err
	}
	u, err := a.loginAgent(ctx, login, token)
	if err != nil {
		// OTRS accepted the credentials: whatever fails now is not a
		// failed login, and must not count toward the agent's lockout.
		// The session just made is the agent's own and nobody has it
		// yet, so it is removed rather than left to count toward the
		// session limits.
		a.removeHalfMade(ctx, token)
		if errors.Is(err, session.ErrInvalid) && a.Web == nil {
			// GI SessionCreate gives a customer's credentials a customer
			// session: not a login this API accepts.
			return nil, loginFailed(fmt.Errorf("login %q: new session: %w", login, err))
		}
		return nil, fmt.Errorf("login %q: new session: %w", login, err)
	}
	lang := u.Language
	if lang == "" {
		lang = defaultUserLanguage
	}
	return LoginAnswer{
		Message:        msgLoginOK,
		SessionName:    a.Opts.SessionName,
		SessionValue:   token,
		ChallengeToken: a.Sessions.ChallengeToken(token),
		Me: LoginMe{
			UserLogin: u.Login,
			Email:     Nullable(u.Email),
			FirstName: Nullable(u.FirstName),
			LastName:  Nullable(u.LastName),
			FullName:  Nullable(u.FullName),
			ID:        u.ID,
			Avatar:    Nullable(AvatarURL(u.Email)),
		},
		Settings: LoginSettings{Language: lang},
	}, nil
}

// loginAgent returns the agent of the session Login just made: from the
// catalog when the agent interface made it (no round trip; the session
// cache learns it, so the next call asks OTRS nothing either), else
// through GI SessionGet.
func (a *API) loginAgent(ctx context.Context, login, token string) (*session.User, error) {
	if a.Web != nil {
		if u := a.agentFromCatalog(ctx, login); u != nil {
			a.Sessions.Remember(token, u)
			return u, nil
		}
	}
	return a.Sessions.Validate(ctx, token)
}

// createSession logs the agent in: refused credentials answer the
// contract's login-failed message, anything else (session limits, an
// error page, OTRS unreachable) MsgContactAdmin with the cause logged.
func (a *API) createSession(ctx context.Context, login, password string) (string, error) {
	if a.Web == nil {
		token, err := a.GI.SessionCreate(ctx, login, password)
		if errors.Is(err, gi.ErrInvalidSession) {
			return "", loginFailed(fmt.Errorf("login %q: %w", login, err))
		}
		if err != nil {
			return "", fmt.Errorf("login: %w", err)
		}
		return token, nil
	}
	token, err := a.Web.Login(ctx, login, password)
	if errors.Is(err, web.ErrLoginFailed) {
		return "", loginFailed(fmt.Errorf("login %q: %w", login, err))
	}
	if err != nil {
		return "", fmt.Errorf("login %q: %w", login, err)
	}
	return token, nil
}

// removeHalfMade ends a session Login made but cannot answer (SessionGet
// failed, the client left): through the agent interface's Logout, as the
// agent would, even when the client's context has ended. Without an agent
// interface there is no way (Znuny's GI SessionRemove wants the password)
// and OTRS's idle timeout ends it.
func (a *API) removeHalfMade(ctx context.Context, token string) {
	if a.Web == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := a.Web.Logout(ctx, token); err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("login: removing the half-made session failed; OTRS's idle timeout ends it")
	}
	a.Sessions.Forget(token)
}

// AvatarURL is the picture OTRS's default avatar engine (Gravatar, default
// image "mm") shows for an agent.
func AvatarURL(email string) string {
	if email == "" {
		return ""
	}
	sum := md5.Sum([]byte(strings.ToLower(strings.TrimSpace(email))))
	return "https://www.gravatar.com/avatar/" + hex.EncodeToString(sum[:]) + "?s=100&d=mm"
}

// LogoutAnswer is the answer of /auth/logout.
type LogoutAnswer struct {
	Message string
}

// Logout checks the ChallengeToken and ends the OTRS session through the
// agent interface: Znuny's GI SessionRemove refuses a bare SessionID, OTRS
// 6.0 and OTOBO 11 have none (real2/otrs60/13, real2/otobo11/13, 14, 46).
// On OTOBO that needs its SessionName, OTOBOAgentInterface, which the
// proxy reads from SysConfig at start (app.learnSystem).
func (a *API) Logout(ctx context.Context, r *Request) (any, error) {
	if !a.Sessions.CheckChallenge(r.Token, r.Params.String("ChallengeToken")) {
		return nil, Fail(msgBadChallenge, nil)
	}
	if a.Web == nil {
		return nil, Fail(msgCannotRemove, errors.New("logout: no agent interface configured"))
	}
	if err := a.Web.Logout(ctx, r.Token); err != nil {
		return nil, Fail(msgCannotRemove, fmt.Errorf("logout: %w", err))
	}
	a.Sessions.Forget(r.Token)
	return LogoutAnswer{Message: msgLogoutOK}, nil
}

// Nullable returns nil for "", as every answer must (contract: empty
// strings go out as null).
func Nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
