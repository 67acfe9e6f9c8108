package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/patrickmn/go-cache"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// maxBody bounds what is read of an answer: agent pages are 10-120 KB.
const maxBody = 4 << 20

// Config configures a Client.
type Config struct {
	// URL is the agent interface, e.g. https://otrs.example/otrs/index.pl.
	URL string
	// SessionName is OTRS's SessionName (default OTRSAgentInterface).
	SessionName string
	// Timeout bounds each request (default 30s).
	Timeout time.Duration
	// HTTPClient is used when set; its redirect policy is replaced, since
	// OTRS's redirects are answers to read, not to follow.
	HTTPClient *http.Client
	// TokenTTL is how long a session's ChallengeToken is cached (default
	// 30m; OTRS keeps one token for the session's whole life).
	TokenTTL time.Duration
	// Language is sent as Accept-Language, so that pages rendered without
	// a session (LostPassword) are in a language the client reads
	// (default "en").
	Language string
	// Observe, when set, is told about every request to index.pl once it
	// is answered (metrics, debug log): the Action, the HTTP status (0
	// when none came) and the transport error, if any. ctx is the
	// caller's and carries its request-scoped logger.
	Observe func(ctx context.Context, action string, status int, d time.Duration, err error)
}

// Client talks to index.pl with agents' sessions. It is safe for
// concurrent use.
type Client struct {
	url     string
	name    string
	lang    string
	timeout time.Duration
	hc      *http.Client
	tokens  *cache.Cache
	observe func(ctx context.Context, action string, status int, d time.Duration, err error)
}

// New returns a Client for cfg.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("otrs web: bad agent interface URL %q", cfg.URL)
	}
	if cfg.SessionName == "" {
		cfg.SessionName = "OTRSAgentInterface"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = 30 * time.Minute
	}
	if cfg.Language == "" {
		cfg.Language = "en"
	}
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		hc = &c
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Client{
		url: cfg.URL, name: cfg.SessionName, lang: cfg.Language, timeout: cfg.Timeout, hc: hc,
		tokens: cache.New(cfg.TokenTTL, 2*cfg.TokenTTL), observe: cfg.Observe,
	}, nil
}

// DeriveURL returns the agent interface next to a GenericInterface URL:
// .../otrs/nph-genericinterface.pl/Webservice/X becomes .../otrs/index.pl.
func DeriveURL(giURL string) (string, error) {
	u, err := url.Parse(giURL)
	if err != nil {
		return "", fmt.Errorf("derive agent interface URL: %w", err)
	}
	for _, script := range []string{"/nph-genericinterface.pl", "/genericinterface.pl"} {
		if i := strings.Index(u.Path, script); i >= 0 {
			u.Path = u.Path[:i] + "/index.pl"
			u.RawPath, u.RawQuery, u.Fragment = "", "", ""
			return u.String(), nil
		}
	}
	return "", fmt.Errorf("derive agent interface URL: %q is not a GenericInterface URL", giURL)
}

// answer is one raw answer of index.pl.
type answer struct {
	status   int
	location string
	ctype    string
	cookies  []*http.Cookie
	body     []byte
}

func (a *answer) html() bool {
	mt, _, _ := mime.ParseMediaType(strings.TrimSuffix(strings.TrimSpace(a.ctype), ";"))
	return mt == "text/html"
}

// page parses the answer as an HTML page.
func (a *answer) page() (*Page, error) {
	return ParsePage(bytes.NewReader(a.body))
}

// call sends one request. A POST sends params as a form; a GET in the
// query. sessionID, when set, goes in the session cookie.
func (c *Client) call(ctx context.Context, method, sessionID string, params url.Values) (a *answer, err error) {
	if c.observe != nil {
		start := time.Now()
		defer func() {
			status := 0
			if a != nil {
				status = a.status
			}
			c.observe(ctx, actionName(params), status, time.Since(start), err)
		}()
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	target, body := c.url, io.Reader(nil)
	if method == http.MethodGet {
		target += "?" + params.Encode()
	} else {
		body = strings.NewReader(params.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, fmt.Errorf("otrs web: %s: %w", params.Get("Action"), err)
	}
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "text/html,application/json,*/*")
	req.Header.Set("Accept-Language", c.lang)
	if sessionID != "" {
		req.AddCookie(&http.Cookie{Name: c.name, Value: sessionID})
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		// The URL carries no secret (the session is in a cookie), but the
		// error of a failed POST is kept short anyway.
		return nil, fmt.Errorf("otrs web: %s: %w", params.Get("Action"), unwrapURLError(err))
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("otrs web: %s: read answer: %w", params.Get("Action"), err)
	}
	return &answer{status: resp.StatusCode, location: resp.Header.Get("Location"), ctype: resp.Header.Get("Content-Type"), cookies: resp.Cookies(), body: b}, nil
}

// actionName is the Action a request names, a bounded label: actions
// come from this package, never from a client. The login form posts
// Action=Login; an empty one is the bare index.pl.
func actionName(params url.Values) string {
	if a := params.Get("Action"); a != "" {
		return a
	}
	return "index"
}

// unwrapURLError drops the *url.Error wrapper, whose text repeats the URL
// (and with it a GET's query).
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// unexpected turns an answer an action did not expect into an error:
// ErrSessionInvalid for the login page, ErrNoPermission for "Insufficient
// Rights", a *PageError for the rest.
func unexpected(action string, a *answer) error {
	pe := &PageError{Action: action, Status: a.status}
	if a.status == http.StatusOK && a.html() {
		p, err := a.page()
		if err != nil {
			return fmt.Errorf("otrs web: %s: %w", action, err)
		}
		switch p.Kind {
		case PageLogin:
			return fmt.Errorf("%s: %w", action, ErrSessionInvalid)
		case PageNoPermission:
			return fmt.Errorf("%s: %s: %w", action, otrs.Redact(p.Message), ErrNoPermission)
		}
		pe.Kind, pe.Title, pe.Message = p.Kind, p.Title, p.Message
	}
	return pe
}

// key is the cache key of a session: a hash, so the cache never holds a
// usable SessionID.
func key(sessionID string) string {
	sum := sha256.Sum256([]byte(sessionID))
	return hex.EncodeToString(sum[:])
}

// tokenAction is the page the ChallengeToken is read from: AgentTicketSearch
// without a Subaction renders Header, NavigationBar, the search template
// and the Footer with Core.Config (Znuny 6.5.4 Kernel/Modules/
// AgentTicketSearch.pm:2579-2601, "show default search screen"): no write,
// no ticket read, no entry in OTRS's log, every agent may use it, ~17 KB
// and 0.1 s on Znuny 6.5.4. AgentTicketZoom without a TicketID logged "No
// TicketID is given!" each time (proxy-traffic 074/085), AgentDashboard
// took 2.6 s (real2/znuny65/26).
const tokenAction = "AgentTicketSearch"

// challengeToken returns the session's OTRS ChallengeToken, from the cache
// or from the tokenAction page.
func (c *Client) challengeToken(ctx context.Context, sessionID string) (string, error) {
	k := key(sessionID)
	if t, ok := c.tokens.Get(k); ok {
		return t.(string), nil
	}
	a, err := c.call(ctx, http.MethodGet, sessionID, url.Values{"Action": {tokenAction}})
	if err != nil {
		return "", err
	}
	if a.status != http.StatusOK || !a.html() {
		return "", unexpected("ChallengeToken", a)
	}
	p, err := a.page()
	if err != nil {
		return "", fmt.Errorf("otrs web: ChallengeToken: %w", err)
	}
	if p.Kind == PageLogin {
		return "", fmt.Errorf("ChallengeToken: %w", ErrSessionInvalid)
	}
	if p.ChallengeToken == "" {
		return "", ErrNoChallengeToken
	}
	c.tokens.SetDefault(k, p.ChallengeToken)
	return p.ChallengeToken, nil
}

// withToken runs a write that needs the ChallengeToken; when OTRS refuses
// the cached token it fetches the token again and retries once.
func (c *Client) withToken(ctx context.Context, sessionID string, write func(token string) error) error {
	tok, err := c.challengeToken(ctx, sessionID)
	if err != nil {
		return err
	}
	err = write(tok)
	var pe *PageError
	if !errors.As(err, &pe) || !pe.challengeFailed() {
		return err
	}
	c.tokens.Delete(key(sessionID))
	if tok, err = c.challengeToken(ctx, sessionID); err != nil {
		return err
	}
	return write(tok)
}
