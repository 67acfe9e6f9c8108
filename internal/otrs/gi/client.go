// Package gi is a client for OTRS's GenericInterface ticket connector:
// the Session and Ticket operations, over REST/JSON with either the stock
// GenericTicketConnectorREST routes or the POST-only routes of the web
// service we ship (deploy/otrs/), or over SOAP with the stock
// GenericTicketConnectorSOAP (soap.go). The transport only builds the
// request and decodes the answer; retries, timeouts and the typed errors
// (errors.go) are the same for all of them. Operation errors, which OTRS
// answers with HTTP 200, become typed errors.
package gi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// Op is a GenericInterface operation.
type Op string

const (
	OpSessionCreate    Op = "SessionCreate"
	OpSessionGet       Op = "SessionGet"
	OpSessionRemove    Op = "SessionRemove"
	OpTicketCreate     Op = "TicketCreate"
	OpTicketUpdate     Op = "TicketUpdate"
	OpTicketGet        Op = "TicketGet"
	OpTicketSearch     Op = "TicketSearch"
	OpTicketHistoryGet Op = "TicketHistoryGet"
)

// Config configures a Client.
type Config struct {
	// URL is the web service base URL, e.g.
	// http://otrs/otrs/nph-genericinterface.pl/Webservice/RS4OTRSProxy
	URL string
	// Transport is how every operation goes over the wire, attachment
	// downloads included: StockRoutes or ProxyRoutes (REST), or SOAP.
	// Nil means StockRoutes. There is no second route table: a call that
	// took another one would miss on a web service with other routes
	// (real2/proxy-traffic/znuny65/upstream/037).
	Transport Transport
	// Timeout bounds one call, retries and backoff included.
	Timeout time.Duration
	// Retries is how often a retryable call is tried again.
	Retries int
	// HTTPClient is the underlying client; nil means a pooled default.
	HTTPClient *http.Client
	// Observe, when set, is told about every finished call once its
	// answer is decoded (metrics, debug log): the last HTTP status (0
	// when none came), how many attempts it took and the error the
	// caller gets, so that an answer OTRS refused (a SOAP fault, HTTP
	// 411) is never taken for a success. ctx is the caller's and carries
	// its request-scoped logger.
	Observe func(ctx context.Context, op Op, status, attempts int, d time.Duration, err error)
	// Retried, when set, is told about every repeated attempt (metrics).
	Retried func(op Op, attempt int)
}

// Transport turns an operation into an HTTP request and its answer back
// into a value or a typed error. Routes (REST) and SOAP implement it.
type Transport interface {
	request(ctx context.Context, base string, op Op, params map[string]any) (*retryableRequest, error)
	decode(op Op, status int, raw []byte, out any) error
	// attachment reads a TicketGet answer from body up to the content
	// of the attachment at ref and returns that content, decoded, or
	// OTRS's error.
	attachment(status int, body io.Reader, ref AttachmentRef) (io.Reader, error)
}

// TransportByName returns the transport called name ("rest" or "soap");
// routes names the REST route set ("stock" or "proxy").
func TransportByName(name, routes string) (Transport, error) {
	switch name {
	case "rest", "":
		return RoutesByName(routes)
	case "soap":
		return SOAP, nil
	}
	return nil, fmt.Errorf("unknown transport %q (want rest or soap)", name)
}

// Client calls one OTRS GenericInterface web service. It is safe for
// concurrent use.
type Client struct {
	cfg Config
	hc  *retryablehttp.Client
}

// retry policies, by how safe a repeat is.
type retryPolicy int

const (
	// retryNever: SessionCreate. Every failed login counts toward the
	// agent's lockout, so not even a refused connection is retried.
	retryNever retryPolicy = iota
	// retryUnsent: writes. Retried only when the request never left
	// (the connection could not be made): a duplicate ticket is worse
	// than an error.
	retryUnsent
	// retryReads: idempotent reads, retried on connection errors and
	// 502/503/504.
	retryReads
)

type policyKey struct{}

// opKey carries the operation to the retry hook.
type opKey struct{}

// attemptsKey carries a *int the request hook sets to the number of
// attempts made, for Observe.
type attemptsKey struct{}

// withAttempts returns ctx carrying a fresh attempt counter.
func withAttempts(ctx context.Context) (context.Context, *int) {
	n := new(int)
	return context.WithValue(ctx, attemptsKey{}, n), n
}

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	if cfg.URL == "" {
		return nil, errors.New("gi: empty web service URL")
	}
	cfg.URL = strings.TrimRight(cfg.URL, "/")
	if cfg.Transport == nil {
		cfg.Transport = StockRoutes
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	hc := retryablehttp.NewClient()
	hc.Logger = nil
	if cfg.HTTPClient != nil {
		hc.HTTPClient = cfg.HTTPClient
	}
	hc.RetryMax = cfg.Retries
	hc.RetryWaitMin = 50 * time.Millisecond
	hc.RetryWaitMax = time.Second
	hc.Backoff = retryablehttp.LinearJitterBackoff
	hc.CheckRetry = checkRetry
	hc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	hc.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, attempt int) {
		// attempt counts from 0; each call's counter belongs to that
		// call alone, so no lock is needed.
		if n, ok := req.Context().Value(attemptsKey{}).(*int); ok {
			*n = attempt + 1
		}
		if op, ok := req.Context().Value(opKey{}).(Op); ok && attempt > 0 && cfg.Retried != nil {
			cfg.Retried(op, attempt)
		}
	}
	return &Client{cfg: cfg, hc: hc}, nil
}

func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	policy, _ := ctx.Value(policyKey{}).(retryPolicy)
	switch {
	case policy == retryNever:
		return false, nil
	case err != nil && policy == retryUnsent:
		return isDialError(err), nil
	case err != nil:
		return true, nil
	case policy == retryReads:
		switch resp.StatusCode {
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true, nil
		}
	}
	return false, nil
}

// isDialError reports whether err happened before any byte of the request
// was sent.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// call runs op with params and decodes the answer into out. params holds
// the operation's fields, SessionID or credentials included.
func (c *Client) call(ctx context.Context, op Op, policy retryPolicy, params map[string]any, out any) (result error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	ctx = context.WithValue(ctx, policyKey{}, policy)
	ctx = context.WithValue(ctx, opKey{}, op)
	ctx, attempts := withAttempts(ctx)

	req, err := c.cfg.Transport.request(ctx, c.cfg.URL, op, params)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	start := time.Now()
	status := 0
	if c.cfg.Observe != nil {
		// Deferred on the named result: the outcome is the decoded
		// answer's, not just whether HTTP went through.
		defer func() { c.cfg.Observe(ctx, op, status, *attempts, time.Since(start), result) }()
	}
	resp, err := c.hc.Do(req)
	if resp != nil {
		status = resp.StatusCode
	}
	if err != nil {
		return fmt.Errorf("%s: %w", op, withoutURL(err))
	}
	defer resp.Body.Close()
	raw, err := readBody(resp)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return c.cfg.Transport.decode(op, resp.StatusCode, raw, out)
}

func (rs Routes) decode(op Op, status int, raw []byte, out any) error {
	return decodeAnswer(op, status, raw, out)
}

// decodeAnswer reads the body before it trusts the status: OTRS reports
// operation errors with 200, and an unknown route with 500 text.
func decodeAnswer(op Op, status int, raw []byte, out any) error {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return transportError(op, status, string(raw), status == http.StatusNotFound || bytes.Contains(raw, []byte("determine Operation")))
	}
	var env struct {
		Error *struct {
			ErrorCode    string
			ErrorMessage string
		}
		// A provider fault: a web service that routes to an operation
		// whose module the product does not ship answers 500
		// {"faultcode":"Server","faultstring":"Can't load operation
		// backend module …"} (real2/otobo11/46: SessionRemove on OTOBO),
		// which is the operation's absence like an unknown route.
		Faultstring string `json:"faultstring"`
	}
	if err := json.Unmarshal(trimmed, &env); err != nil {
		return fmt.Errorf("%s: decode answer: %v: %w", op, err, ErrTransport)
	}
	if env.Error != nil {
		return fmt.Errorf("%s: %w", op, NewError(env.Error.ErrorCode, env.Error.ErrorMessage))
	}
	if status != http.StatusOK && env.Faultstring != "" {
		return transportError(op, status, env.Faultstring, strings.Contains(env.Faultstring, "Can't load operation backend module"))
	}
	if status != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d: %w", op, status, ErrTransport)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(trimmed, out); err != nil {
		return fmt.Errorf("%s: decode answer: %v: %w", op, err, ErrTransport)
	}
	return nil
}

// clip is the part of an upstream answer an error quotes: its first 200
// bytes with session ids, passwords and tokens redacted (an error page
// may echo the request URL, SessionID included). It redacts before it
// cuts, so that a cut cannot leave a secret's tail unrecognised.
func clip(text string) string {
	if len(text) > 4096 {
		text = text[:4096]
	}
	text = otrs.Redact(text)
	if len(text) > 200 {
		text = text[:200]
	}
	return text
}

// withoutURL drops the request URL from a transport error: with the stock
// routes it holds the SessionID (in the path or the query), and errors end
// up in logs.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
