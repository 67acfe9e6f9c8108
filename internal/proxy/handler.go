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
			u, err := s.api.Sessions.Validate(ctx, token)
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

// limitLogins is /auth/login's own middleware: the failed-login limit.
// A login refused by the limit gets the contract's failed-login answer,
// so a guesser learns nothing.
func (s *Server) limitLogins(next api.Method) api.Method {
	return func(ctx context.Context, req *api.Request) (any, error) {
		user := req.Params.String("User")
		if which := s.logins.blocked(req.RemoteAddr, user); which != "" {
			s.cfg.Metrics.LoginRefused(which)
			zerolog.Ctx(ctx).Warn().Str("remote", req.RemoteAddr).Str("user", user).Str("limit", which).Msg("login refused: too many failed logins")
			return nil, api.Fail(api.MsgLoginFailed, nil)
		}
		out, err := next(ctx, req)
		switch {
		case errors.Is(err, api.ErrLoginFailed):
			s.logins.failed(req.RemoteAddr, user)
		case err == nil:
			s.logins.succeeded(user)
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
	_, err := io.Copy(c.Response(), f.Body)
	return err
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
