package gi

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	webservice "github.com/rs4otrs/rs4otrs-proxy/deploy/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

// StockWebService is GenericTicketConnectorREST as the recorded systems
// had it: the shipped development/webservices/GenericTicketConnectorREST.yml
// plus SessionRemove (DELETE /Session/:SessionID) and TicketSearchPOST
// (POST /TicketSearch), which the recordings' admin added (otrs-recordings
// README, "Web service GenericTicketConnectorREST", and real2/: the same
// on znuny65, znuny70 and, without SessionRemove, otrs60). This table is
// the fake's one copy of those routes.
var StockWebService = webservice.Definition{Operations: []webservice.Operation{
	{Name: "SessionCreate", Type: "Session::SessionCreate", Methods: []string{http.MethodPost}, Route: "/Session"},
	{Name: "SessionGet", Type: "Session::SessionGet", Methods: []string{http.MethodGet}, Route: "/Session/:SessionID"},
	{Name: "SessionRemove", Type: "Session::SessionRemove", Methods: []string{http.MethodDelete}, Route: "/Session/:SessionID"},
	{Name: "TicketCreate", Type: "Ticket::TicketCreate", Methods: []string{http.MethodPost}, Route: "/Ticket"},
	{Name: "TicketGet", Type: "Ticket::TicketGet", Methods: []string{http.MethodGet}, Route: "/Ticket/:TicketID"},
	{Name: "TicketGetList", Type: "Ticket::TicketGet", Methods: []string{http.MethodGet}, Route: "/TicketList"},
	{Name: "TicketHistoryGet", Type: "Ticket::TicketHistoryGet", Methods: []string{http.MethodGet}, Route: "/TicketHistory/:TicketID"},
	{Name: "TicketSearch", Type: "Ticket::TicketSearch", Methods: []string{http.MethodGet}, Route: "/Ticket"},
	{Name: "TicketSearchPOST", Type: "Ticket::TicketSearch", Methods: []string{http.MethodPost}, Route: "/TicketSearch"},
	{Name: "TicketUpdate", Type: "Ticket::TicketUpdate", Methods: []string{http.MethodPatch}, Route: "/Ticket/:TicketID"},
}}

// giOperations implement the operation types.
var giOperations = map[string]func(o *Connector, d giData) any{
	"Session::SessionCreate":   (*Connector).giSessionCreate,
	"Session::SessionGet":      (*Connector).giSessionGet,
	"Session::SessionRemove":   (*Connector).giSessionRemove,
	"Ticket::TicketCreate":     (*Connector).giTicketCreate,
	"Ticket::TicketGet":        (*Connector).giTicketGet,
	"Ticket::TicketHistoryGet": (*Connector).giTicketHistoryGet,
	"Ticket::TicketSearch":     (*Connector).giTicketSearch,
	"Ticket::TicketUpdate":     (*Connector).giTicketUpdate,
}

// offers reports whether the product ships an operation type. OTRS 6.0
// has no Session::SessionRemove (Kernel/GenericInterface/Operation/Session/
// holds only SessionCreate.pm and SessionGet.pm at OTRS CE v6.0.41; real2
// README). Its web services therefore have no such operation: the stock
// 6.0 YAML lacks it, and deploy/otrs/RS4OTRSProxy.yml tells the admin to
// delete it before importing on 6.0.
func offers(p store.Product, opType string) bool {
	return !(p == store.OTRS60 && opType == "Session::SessionRemove")
}

// giRoute is one operation's route, compiled as OTRS's REST transport
// does it.
type giRoute struct {
	methods []string
	re      *regexp.Regexp
	op      func(o *Connector, d giData) any
	// opType is the operation's type, e.g. Ticket::TicketGet.
	opType string
}

// giRoutes compiles a web service's routes, in operation-name order,
// leaving out what the product does not offer.
func giRoutes(ws webservice.Definition, p store.Product) []giRoute {
	var out []giRoute
	for _, op := range ws.Operations {
		impl, ok := giOperations[op.Type]
		if !ok || !offers(p, op.Type) {
			continue
		}
		out = append(out, giRoute{methods: op.Methods, re: routeRegexp(op.Route), op: impl, opType: op.Type})
	}
	return out
}

var routeParam = regexp.MustCompile(`:([^/]+)`)

// routeRegexp turns a route into the expression REST.pm builds from it
// (OTRS 6.0.41 Kernel/GenericInterface/Transport/HTTP/REST.pm:182-185,
// Znuny 6.5.4 :190-193): each :Param becomes a named group of non-slash
// characters, and the whole request path must match.
func routeRegexp(route string) *regexp.Regexp {
	parts := routeParam.Split(route, -1)
	names := routeParam.FindAllStringSubmatch(route, -1)
	var b strings.Builder
	b.WriteString("^")
	for i, part := range parts {
		b.WriteString(regexp.QuoteMeta(part))
		if i < len(names) {
			b.WriteString("(?P<" + names[i][1] + ">[^/]+)")
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// matchGIRoute finds the first route that takes method and the escaped
// path uri, and the route parameters, unescaped (REST.pm:159-205).
func matchGIRoute(routes []giRoute, method, uri string) (*giRoute, map[string]string) {
	for i := range routes {
		r := &routes[i]
		if len(r.methods) > 0 && !contains(r.methods, method) {
			continue
		}
		m := r.re.FindStringSubmatch(uri)
		if m == nil {
			continue
		}
		params := map[string]string{}
		for j, name := range r.re.SubexpNames() {
			if name == "" {
				continue
			}
			v, err := url.PathUnescape(m[j])
			if err != nil {
				v = m[j]
			}
			params[name] = v
		}
		return r, params
	}
	return nil, nil
}
