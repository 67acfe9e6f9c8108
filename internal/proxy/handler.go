package proxy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// handle adapts one API method to Echo: bind, authenticate, call, write.
func (s *Server) handle(rt methodRoute) echo.HandlerFunc {
	method := rt.method
	for i := len(rt.mw) - 1; i >= 0; i-- {
		method = rt.mw[i](method)
	}
	return func(c echo.Context) error {
		params, err := bindParams(c)
		if err != nil {
			return err
		}
		token := params.String(s.cfg.SessionName)
		fromCookie := false
		if token == "" {
			if ck, err := c.Cookie(s.cfg.SessionName); err == nil {
				token, fromCookie = ck.Value, ck.Value != ""
			}
		}
		delete(params, s.cfg.SessionName)
		req := &api.Request{Params: params, RemoteAddr: c.RealIP()}
		ctx := c.Request().Context()
		if rt.needsToken {
			if token != "" && !tokenForm(token) {
				return api.Fail(api.MsgSessionInvalid, errTokenForm)
			}
			u, err := s.validate(ctx, req.RemoteAddr, token)
			if errors.Is(err, session.ErrInvalid) {
				return api.Fail(api.MsgSessionInvalid, nil)
			}
			if err != nil {
				return err
			}
			// Checked after Validate, so that a refusal tells nothing
			// about a token that is not valid anyway.
			if fromCookie && !cookieReads[rt.path] {
				if err := s.cookieWriteAllowed(c, token, params); err != nil {
					return err
				}
			}
			req.Agent, req.Token = u, token
		}
		out, err := method(ctx, req)
		if err != nil {
			return s.methodError(rt, req, err)
		}
		return writeAnswer(c, out)
	}
}

// methodError is the one place where a channel's "session gone" becomes
// the contract's answer: whatever a method made of it, OTRS ended the
// session (idle timeout, logout elsewhere, SessionRemove), so the client
// must log in again and the cached validation must not be trusted again.
func (s *Server) methodError(rt methodRoute, req *api.Request, err error) error {
	msg, ended := api.Answer(err, rt.needsToken)
	if ended {
		s.api.Sessions.Forget(req.Token)
		return api.Fail(msg, err)
	}
	return err
}

// limitLogins is /auth/login's own middleware: the failed-login limit
// (LoginLimit). The attempt is reserved before OTRS is asked, so that
// concurrent attempts count; only OTRS's refusal of the credentials
// (api.ErrLoginFailed) counts as a failure: an upstream fault, a client
// gone mid-login (context canceled) or a success releases the
// reservation. A refusal of ours answers 429 with Retry-After and the
// contract's failed-login message, after refusalDelay.
func (s *Server) limitLogins(next api.Method) api.Method {
	return func(ctx context.Context, req *api.Request) (any, error) {
		user := req.Params.String("User")
		done, refused := s.logins.reserve(req.RemoteAddr, user)
		if refused != nil {
			s.cfg.Metrics.LoginRefused(refused.limit)
			zerolog.Ctx(ctx).Warn().Str("remote", req.RemoteAddr).Str("user", user).Str("limit", refused.limit).
				Dur("retry_after", refused.retryAfter).Msg("login refused: too many failed logins")
			wait(ctx, s.logins.refusalDelay())
			return nil, &tooMany{Message: api.MsgLoginFailed, RetryAfter: refused.retryAfter, Limit: refused.limit}
		}
		out, err := next(ctx, req)
		failed := errors.Is(err, api.ErrLoginFailed)
		done(failed)
		switch {
		case failed:
			s.cfg.Metrics.LoginFailed("credentials")
		case err != nil && ctx.Err() == nil:
			s.cfg.Metrics.LoginFailed("upstream")
		}
		if err == nil {
			s.logins.succeeded(req.RemoteAddr, user)
		}
		return out, err
	}
}

// writeAnswer writes a method's result: a file as raw bytes, anything
// else as the OK envelope.
func writeAnswer(c echo.Context, out any) error {
	if f, ok := out.(*api.File); ok {
		return writeFile(c, f)
	}
	return writeOK(c, out)
}

// writeFile streams an attachment with its original name (RFC 6266).
func writeFile(c echo.Context, f *api.File) error {
	defer f.Body.Close()
	h := c.Response().Header()
	ct := f.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set(echo.HeaderContentType, ct)
	h.Set(echo.HeaderContentDisposition, contentDisposition(f.Filename))
	h.Set("X-Content-Type-Options", "nosniff")
	if f.Size >= 0 {
		h.Set(echo.HeaderContentLength, strconv.FormatInt(f.Size, 10))
	}
	c.Response().WriteHeader(http.StatusOK)
	src := &sourceReader{r: f.Body}
	_, err := io.Copy(c.Response(), src)
	if src.err != nil && !clientGone(c) {
		// The headers (Content-Length among them) went first: a 200
		// with a short body must not pass for the file. Ending the
		// connection without finishing the answer is the net/http way
		// to make the client see the failure (Echo's Recover lets this
		// panic through).
		logger(c).Error().Err(src.err).Str("path", c.Request().URL.Path).Msg("attachment cut short upstream: connection aborted")
		panic(http.ErrAbortHandler)
	}
	return err
}

// sourceReader keeps the error of reading the upstream file, to tell it
// from a failure to write to the client.
type sourceReader struct {
	r   io.Reader
	err error
}

func (s *sourceReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.err = err
	}
	return n, err
}

// contentDisposition names the file per RFC 6266: an ASCII filename for
// old clients and, when the name is not plain ASCII, filename* with the
// UTF-8 name percent-encoded (RFC 8187).
func contentDisposition(name string) string {
	if name == "" {
		return "attachment"
	}
	var ascii strings.Builder
	plain := true
	for _, r := range name {
		switch {
		case r == '"' || r == '\\' || r < 0x20 || r > 0x7e:
			ascii.WriteByte('_')
			plain = false
		default:
			ascii.WriteRune(r)
		}
	}
	out := `attachment; filename="` + ascii.String() + `"`
	if !plain {
		out += "; filename*=UTF-8''" + rfc8187(name)
	}
	return out
}

// rfc8187 percent-encodes every byte that is not an attr-char.
func rfc8187(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("!#$&+-.^_`|~", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
