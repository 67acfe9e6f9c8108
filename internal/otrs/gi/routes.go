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
//
// ProxyRoutes are the routes of the web service we ship
// (deploy/otrs/RS4OTRSProxy.yml): POST only, everything in a JSON body,
// so no SessionID or password ever appears in a URL or an access log.
var StockRoutes, ProxyRoutes = routeSets([]routeRow{
	{OpSessionCreate, Route{http.MethodPost, "/Session"}, "/Session/Create"},
	{OpSessionGet, Route{http.MethodGet, "/Session/:SessionID"}, "/Session/Get"},
	{OpSessionRemove, Route{http.MethodDelete, "/Session/:SessionID"}, "/Session/Remove"},
	{OpTicketCreate, Route{http.MethodPost, "/Ticket"}, "/Ticket/Create"},
	{OpTicketUpdate, Route{http.MethodPatch, "/Ticket/:TicketID"}, "/Ticket/Update"},
	{OpTicketGet, Route{http.MethodGet, "/Ticket/:TicketID"}, "/Ticket/Get"},
	{OpTicketSearch, Route{http.MethodGet, "/Ticket"}, "/Ticket/Search"},
	{OpTicketHistoryGet, Route{http.MethodGet, "/TicketHistory/:TicketID"}, "/Ticket/History"},
})

// routeRow is one operation's route in both web services.
type routeRow struct {
	op    Op
	stock Route
	proxy string // the path; the method is always POST
}

// routeSets splits the table of both web services' routes into the two
// route sets.
func routeSets(table []routeRow) (stock, proxy Routes) {
	stock, proxy = Routes{}, Routes{}
	for _, r := range table {
		stock[r.op] = r.stock
		proxy[r.op] = Route{http.MethodPost, r.proxy}
	}
	return stock, proxy
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
