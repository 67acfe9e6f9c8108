// Package gi is the fake OTRS's GenericInterface ticket connector: the
// REST web services (the stock GenericTicketConnectorREST and
// deploy/otrs/RS4OTRSProxy.yml, each with exactly its routes) and the
// stock SOAP one, over the fake's store.Store, answering as the
// recordings of Znuny 6.5.4 and OTRS 6.0.41 do.
package gi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"

	webservice "github.com/rs4otrs/rs4otrs-proxy/deploy/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/roundtrip"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

// Connector is the GenericInterface ticket connector over a Store: the
// REST web services (Handler) and the SOAP one (ServeSOAP).
type Connector struct {
	Store *store.Store
}

// New returns the connector serving s.
func New(s *store.Store) *Connector { return &Connector{Store: s} }

// giData is an operation's input as OTRS's REST transport builds it: query
// parameters and route parameters, overlaid by the decoded JSON body.
type giData map[string]any

// Handler serves the GenericInterface operations of web service ws
// under prefix. The fake follows the recordings of Znuny 6.5.4
// (testdata/recordings/gi, replayed by TestGIReplay): operation errors are
// HTTP 200 {"Error":{...}}, transport errors HTTP 500 text/plain; lists
// are always lists and an empty search is {}; unknown tickets are
// AccessDenied; TicketUpdate checks only ro, plus move_into for a queue
// move and owner for an owner change; the JSON types are OTRS's own mix
// (search ids and TicketCreate ids are strings, TicketGet ids numbers,
// SenderTypeID/FileID/FilesizeRaw strings).
//
// Each web service serves exactly the routes of its definition: the
// stock one those of StockWebService, the proxy's those of
// deploy/otrs/RS4OTRSProxy.yml itself, less the operations the Store's
// Product lacks. Anything else gets OTRS's transport error.
func (o *Connector) Handler(prefix string, ws webservice.Definition) http.Handler {
	byProduct := map[store.Product][]giRoute{}
	for p, d := range store.Dialects {
		byProduct[p] = giRoutes(ws, d)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var product store.Product
		o.Store.Read(func(s *store.Store) { product = s.Product })
		uri := strings.TrimPrefix(r.URL.EscapedPath(), prefix)
		route, params := matchGIRoute(byProduct[product], r.Method, uri)
		if route == nil {
			// real2/znuny65/11, real2/otrs60/11 and 13: HTTP 500
			// text/plain (REST.pm:213-216 in OTRS 6.0.41).
			giTransportError(w, "HTTP::REST Error while determine Operation for request URI '"+uri+"'.")
			return
		}
		if route.missing != "" {
			// real2/otobo11/46: the provider cannot load the module
			// (Kernel/GenericInterface/Operation.pm:88-93 of Znuny
			// 6.5.4) and answers 500 text/plain with a JSON fault.
			giTransportError(w, `{"faultcode":"Server","faultstring":"Can't load operation backend module `+route.missing+`!"}`)
			return
		}
		data := giData{}
		// Headers first: query, route and body values win over them.
		for name, key := range map[string]string{
			"X-OTRS-Header-SessionID": "SessionID", "X-OTRS-Header-UserLogin": "UserLogin",
			"X-OTRS-Header-CustomerUserLogin": "CustomerUserLogin", "X-OTRS-Header-Password": "Password",
		} {
			if v := r.Header.Get(name); v != "" {
				data[key] = v
			}
		}
		for k, v := range parseGIQuery(r.URL.RawQuery) {
			data[k] = v
		}
		for k, v := range params {
			data[k] = v
		}
		if r.Method != http.MethodGet {
			body, err := io.ReadAll(io.LimitReader(r.Body, 100_000_000))
			if err != nil {
				giTransportError(w, "Error while reading request content.")
				return
			}
			if len(bytes.TrimSpace(body)) > 0 {
				decoded, err := DecodeJSON(body)
				if err != nil {
					giTransportError(w, "Error while decoding request content.")
					return
				}
				m, ok := decoded.(map[string]any)
				if !ok || len(m) == 0 {
					giTransportError(w, "Unsupported request content structure.")
					return
				}
				for k, v := range m {
					data[k] = v
				}
			}
		}
		out := route.op(o, data)
		note(r.Context(), route.opType, out)
		switch out := out.(type) {
		case Failure:
			giTransportError(w, string(out))
		default:
			giWriteJSON(w, out)
		}
	})
}

// parseGIQuery reads a query string as OTRS's REST transport does: '+' is
// a space, a repeated key becomes a list, and a value of 0 becomes "".
func parseGIQuery(raw string) map[string]any {
	out := map[string]any{}
	for _, pair := range strings.FieldsFunc(raw, func(r rune) bool { return r == '&' || r == ';' }) {
		k, v, _ := strings.Cut(pair, "=")
		k, _ = url.QueryUnescape(k)
		v, _ = url.QueryUnescape(v)
		if v == "0" {
			v = ""
		}
		switch cur := out[k].(type) {
		case nil:
			out[k] = v
		case string:
			out[k] = []any{cur, v}
		case []any:
			out[k] = append(cur, v)
		}
	}
	return out
}

// giError is an operation error: OTRS answers it with HTTP 200.
func giError(code, msg string) map[string]any {
	return map[string]any{"Error": map[string]any{"ErrorCode": code, "ErrorMessage": msg}}
}

// Failure is an operation's own failure ({Success => 0}): OTRS's
// provider answers it as a transport error with the operation's text
// (Provider.pm l.302-357), unlike the 200 {"Error":…} of ReturnError.
type Failure string

func giTransportError(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	w.Header().Set("Connection", "close")
	w.WriteHeader(http.StatusInternalServerError)
	io.WriteString(w, msg)
}

func giWriteJSON(w http.ResponseWriter, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		giTransportError(w, "Error while encoding response content.")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.Header().Set("Connection", "close")
	w.Write(bytes.TrimRight(buf.Bytes(), "\n"))
}

// soapOperationType is the type of an operation of
// GenericTicketConnectorSOAP.yml: each is named after its type, but for
// TicketGetList, a second TicketGet; it has no SessionRemove.
func soapOperationType(op string) (string, bool) {
	switch op {
	case "SessionCreate", "SessionGet":
		return "Session::" + op, true
	case "TicketCreate", "TicketGet", "TicketHistoryGet", "TicketSearch", "TicketUpdate":
		return "Ticket::" + op, true
	case "TicketGetList":
		return "Ticket::TicketGet", true
	}
	return "", false
}

// SOAPOperation returns the operation the SOAP web service names op, as
// the soap transport calls it: the REST web services' own implementation.
// ctx is the request's.
func (o *Connector) SOAPOperation(op string) (func(ctx context.Context, d map[string]any) any, bool) {
	typ, ok := soapOperationType(op)
	if !ok {
		return nil, false
	}
	impl := giOperations[typ]
	return func(ctx context.Context, d map[string]any) any {
		out := impl(o, giData(d))
		note(ctx, typ, out)
		return out
	}, true
}

// note tells the round-trip recorder, if the request has one, which
// operation type ran and how many tickets it answered.
func note(ctx context.Context, opType string, out any) {
	n := 0
	if m, ok := out.(map[string]any); ok {
		if l, ok := m["Ticket"].([]any); ok {
			n = len(l)
		}
	}
	_, name, _ := strings.Cut(opType, "::")
	roundtrip.Name(ctx, "GI "+name, n)
}
