package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
)

const contentTypeJSON = "application/json; charset=UTF-8"

// Messages for what never reaches a method (every answer a method
// gives is HTTP 200, as the original's; these get their own status).
const (
	msgNotFound    = "Unknown method."
	msgNotAllowed  = "HTTP method not allowed."
	msgBadBody     = "Malformed request body."
	msgTooLarge    = "Request body too large."
	msgRateLimited = "Too many requests."
)

// writeOK writes {"Response":"OK", ...fields of out}: the answer's fields
// sit next to Response, with no wrapper.
func writeOK(c echo.Context, out any) error {
	// Like the Perl original, & < > go out as they are, not as \u0026.
	var enc bytes.Buffer
	e := json.NewEncoder(&enc)
	e.SetEscapeHTML(false)
	if err := e.Encode(out); err != nil {
		return fmt.Errorf("encode answer: %w", err)
	}
	b := enc.Bytes()
	var buf bytes.Buffer
	buf.Grow(len(b) + 16)
	buf.WriteString(`{"Response":"OK"`)
	if body := bytes.TrimSpace(b); len(body) > 2 && body[0] == '{' {
		buf.WriteByte(',')
		buf.Write(body[1:])
	} else {
		buf.WriteByte('}')
	}
	return c.Blob(http.StatusOK, contentTypeJSON, buf.Bytes())
}

type errorBody struct {
	Response string
	Message  string
}

// handleError writes every failure as the contract's ERROR envelope. The
// client sees only a contract message; the cause goes to the log with the
// request id.
func (s *Server) handleError(err error, c echo.Context) {
	c.Set(ctxFailed, true)
	if clientGone(c) {
		// The client hung up (an app sent to the background, a timeout
		// of its own): nobody reads an answer, and it is no failure of
		// ours nor of OTRS.
		c.Set(ctxClientGone, true)
		s.cfg.Metrics.ClientGone(routeLabel(c))
		logger(c).Info().Err(err).Str("path", c.Request().URL.Path).Msg("client went away")
		return
	}
	if c.Response().Committed {
		logger(c).Error().Err(err).Msg("error after the answer started")
		return
	}
	status, msg := http.StatusOK, api.ClientMessage(err)
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he):
		status = he.Code
		switch he.Code {
		case http.StatusInternalServerError:
			msg = api.MsgContactAdmin
		case http.StatusNotFound:
			msg = msgNotFound
		case http.StatusMethodNotAllowed:
			// The path exists; Echo's router has set Allow.
			msg = msgNotAllowed
		case http.StatusRequestEntityTooLarge:
			msg = msgTooLarge
		case http.StatusTooManyRequests:
			msg = msgRateLimited
		case http.StatusForbidden:
			msg = api.MsgSessionInvalid // errCrossSite
		}
	case errors.Is(err, errBadBody):
		status, msg = http.StatusBadRequest, msgBadBody
	}
	// A limit of the proxy's own (loginlimit.go): 429 with Retry-After.
	var tm *tooMany
	if errors.As(err, &tm) {
		status, msg = http.StatusTooManyRequests, tm.Message
		c.Response().Header().Set("Retry-After", tm.retryAfter())
	}
	var te *api.Error
	switch {
	case errors.As(err, &te) && te.Err == nil:
		// An expected answer (bad input, no permission): nothing to log.
	case msg == api.MsgContactAdmin:
		logger(c).Error().Err(err).Str("path", c.Request().URL.Path).Msg("request failed")
	default:
		logger(c).Info().Err(err).Str("path", c.Request().URL.Path).Msg("request refused")
	}
	b, _ := json.Marshal(errorBody{Response: "ERROR", Message: msg})
	if err := c.Blob(status, contentTypeJSON, b); err != nil {
		logger(c).Error().Err(err).Msg("write error answer")
	}
}

// statusClientGone is logged for a request whose client hung up before
// its answer (nginx's convention); nothing is sent.
const statusClientGone = 499

// clientGone reports whether the client closed the connection: the
// request's context is canceled then (net/http), whatever error the method
// made of it. A server shutdown does not cancel it.
func clientGone(c echo.Context) bool {
	return errors.Is(c.Request().Context().Err(), context.Canceled)
}
