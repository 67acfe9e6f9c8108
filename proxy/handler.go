package proxy

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/rs4otrs/rs4otrs-proxy/session"
	"github.com/rs4otrs/rs4otrs-proxy/translate"
)

// handle adapts one API method to Echo: bind, authenticate, call, write.
func (s *Server) handle(rt route) echo.HandlerFunc {
	return func(c echo.Context) error {
		params, err := bindParams(c)
		if err != nil {
			return err
		}
		token := params.String(s.cfg.SessionName)
		if token == "" {
			if ck, err := c.Cookie(s.cfg.SessionName); err == nil {
				token = ck.Value
			}
		}
		delete(params, s.cfg.SessionName)
		req := &translate.Request{Params: params, RemoteAddr: c.RealIP()}
		ctx := c.Request().Context()
		if rt.needsToken {
			u, err := s.api.Sessions.Validate(ctx, token)
			if errors.Is(err, session.ErrInvalid) {
				return translate.Fail(translate.MsgSessionInvalid, nil)
			}
			if err != nil {
				return err
			}
			req.Agent, req.Token = u, token
		}
		if rt.path == loginPath {
			return s.login(c, rt, req)
		}
		out, err := rt.method(ctx, req)
		if err != nil {
			return err
		}
		return writeAnswer(c, out)
	}
}

// loginPath is the one method that takes a password.
const loginPath = "/auth/login"

// msgLoginFailed is the contract's answer to a failed login; a login
// refused by the limit gets the same, so a guesser learns nothing.
const msgLoginFailed = "Login failed! Your user name or password was entered incorrectly."

// login runs /auth/login under the failed-login limit.
func (s *Server) login(c echo.Context, rt route, req *translate.Request) error {
	user := req.Params.String("User")
	if which := s.logins.blocked(req.RemoteAddr, user); which != "" {
		s.cfg.Metrics.LoginRefused(which)
		logger(c).Warn().Str("remote", req.RemoteAddr).Str("user", user).Str("limit", which).Msg("login refused: too many failed logins")
		return translate.Fail(msgLoginFailed, nil)
	}
	out, err := rt.method(c.Request().Context(), req)
	if err != nil {
		if translate.ClientMessage(err) == msgLoginFailed {
			s.logins.failed(req.RemoteAddr, user)
		}
		return err
	}
	s.logins.succeeded(user)
	return writeAnswer(c, out)
}

// writeAnswer writes a method's result: a file as raw bytes, anything
// else as the OK envelope.
func writeAnswer(c echo.Context, out any) error {
	if f, ok := out.(*translate.File); ok {
		return writeFile(c, f)
	}
	return writeOK(c, out)
}

// writeFile streams an attachment with its original name (RFC 6266).
func writeFile(c echo.Context, f *translate.File) error {
	defer f.Body.Close()
	h := c.Response().Header()
	ct := f.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set(echo.HeaderContentType, ct)
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": f.Filename}))
	if f.Size >= 0 {
		h.Set(echo.HeaderContentLength, strconv.FormatInt(f.Size, 10))
	}
	c.Response().WriteHeader(http.StatusOK)
	_, err := io.Copy(c.Response(), f.Body)
	return err
}
