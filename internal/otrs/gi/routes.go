package gi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Routes maps each operation onto an HTTP request of one web service
// definition. It is the REST Transport: every call of a client, attachment
// downloads included, goes through its one table.
type Routes map[Op]Route

// Route is the method and path of one operation.
type Route struct {
	Method string
	// Path may hold one :Param taken out of the parameters.
	Path string
}

// StockRoutes are the routes of OTRS's shipped
// GenericTicketConnectorREST.yml (SessionRemove added, as the recordings'
// web service has it). GET operations send their parameters, the
// SessionID included, in the query string.
var StockRoutes = Routes{
	OpSessionCreate:    {http.MethodPost, "/Session"},
	OpSessionGet:       {http.MethodGet, "/Session/:SessionID"},
	OpSessionRemove:    {http.MethodDelete, "/Session/:SessionID"},
	OpTicketCreate:     {http.MethodPost, "/Ticket"},
	OpTicketUpdate:     {http.MethodPatch, "/Ticket/:TicketID"},
	OpTicketGet:        {http.MethodGet, "/Ticket/:TicketID"},
	OpTicketSearch:     {http.MethodGet, "/Ticket"},
	OpTicketHistoryGet: {http.MethodGet, "/TicketHistory/:TicketID"},
}

// ProxyRoutes are the routes of the web service we ship
// (deploy/otrs/RS4OTRSProxy.yml): POST only, everything in a JSON body,
// so no SessionID or password ever appears in a URL or an access log.
var ProxyRoutes = Routes{
	OpSessionCreate:    {http.MethodPost, "/Session/Create"},
	OpSessionGet:       {http.MethodPost, "/Session/Get"},
	OpSessionRemove:    {http.MethodPost, "/Session/Remove"},
	OpTicketCreate:     {http.MethodPost, "/Ticket/Create"},
	OpTicketUpdate:     {http.MethodPost, "/Ticket/Update"},
	OpTicketGet:        {http.MethodPost, "/Ticket/Get"},
	OpTicketSearch:     {http.MethodPost, "/Ticket/Search"},
	OpTicketHistoryGet: {http.MethodPost, "/Ticket/History"},
}

// RoutesByName returns the route set called name ("stock" or "proxy").
func RoutesByName(name string) (Routes, error) {
	switch name {
	case "stock", "":
		return StockRoutes, nil
	case "proxy":
		return ProxyRoutes, nil
	}
	return nil, fmt.Errorf("unknown route set %q (want stock or proxy)", name)
}

func (rs Routes) request(ctx context.Context, base string, op Op, params map[string]any) (*retryableRequest, error) {
	r, ok := rs[op]
	if !ok {
		return nil, fmt.Errorf("no route for %s", op)
	}
	path := r.Path
	if i := strings.Index(path, ":"); i >= 0 {
		name := path[i+1:]
		v, ok := params[name]
		if !ok {
			return nil, fmt.Errorf("route parameter %s missing", name)
		}
		delete(params, name)
		path = path[:i] + url.PathEscape(fmt.Sprint(v))
	}
	u := base + path
	if r.Method == http.MethodGet {
		q := url.Values{}
		for k, v := range params {
			addQuery(q, k, v)
		}
		if enc := q.Encode(); enc != "" {
			u += "?" + enc
		}
		return newRequest(ctx, r.Method, u, nil)
	}
	body, err := json.Marshal(params)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", op, err)
	}
	return newRequest(ctx, r.Method, u, bytes.NewReader(body))
}

// addQuery flattens a value the way OTRS's REST query parser reads it:
// lists as repeated keys. A 0 or false is left out, because the parser
// turns 0 into "" anyway.
func addQuery(q url.Values, k string, v any) {
	switch v := v.(type) {
	case nil:
	case []string:
		for _, s := range v {
			q.Add(k, s)
		}
	case []int:
		for _, n := range v {
			q.Add(k, fmt.Sprint(n))
		}
	case []any:
		for _, e := range v {
			addQuery(q, k, e)
		}
	case bool:
		if v {
			q.Add(k, "1")
		}
	case int:
		if v != 0 {
			q.Add(k, fmt.Sprint(v))
		}
	default:
		q.Add(k, fmt.Sprint(v))
	}
}
