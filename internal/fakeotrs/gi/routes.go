package gi

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	webservice "github.com/rs4otrs/rs4otrs-proxy/deploy/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
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
	"Ticket::TicketCreate":     authorized("TicketCreate", "User could not be authenticated!", writes, giTicketCreate),
	"Ticket::TicketGet":        authorized("TicketGet", "Authorization failing!", reads, giTicketGet),
	"Ticket::TicketHistoryGet": authorized("TicketHistoryGet", "Authorization failing!", writes, giTicketHistoryGet),
	"Ticket::TicketSearch":     authorized("TicketSearch", "Authorization failing!", reads, giTicketSearch),
	"Ticket::TicketUpdate":     authorized("TicketUpdate", "User could not be authenticated!", writes, giTicketUpdate),
}

// giOperationsWithTicketData are the operation types that answer with
// the ticket when their config has IncludeTicketData (ticketdata.go).
var giOperationsWithTicketData = map[string]func(o *Connector, d giData) any{
	"Ticket::TicketCreate": authorized("TicketCreate", "User could not be authenticated!", writes, withTicketData(giTicketCreate, true)),
	"Ticket::TicketUpdate": authorized("TicketUpdate", "User could not be authenticated!", writes, withTicketData(giTicketUpdate, false)),
}

// offers reports whether the dialect ships an operation type. OTRS 6.0
// and OTOBO 11 have no Session::SessionRemove
// (Kernel/GenericInterface/Operation/Session/ holds only SessionCreate.pm
// and SessionGet.pm at OTRS CE v6.0.41; real2 README, real2/otobo11/13).
func offers(d store.Dialect, opType string) bool {
	return d.SessionRemove || opType != "Session::SessionRemove"
}

// StockWebServiceOf is the stock web service as the recordings' admin had
// it on the dialect: the recorded OTRS 6 and OTOBO ones are the shipped
// 6.0 YAML plus TicketSearchPOST, without SessionRemove (real2 README;
// real2/otrs60/13, real2/otobo11/13: no route, HTTP 500).
func StockWebServiceOf(d store.Dialect) webservice.Definition {
	var ops []webservice.Operation
	for _, op := range StockWebService.Operations {
		if offers(d, op.Type) {
			ops = append(ops, op)
		}
	}
	return webservice.Definition{Operations: ops}
}

// ProxyWebServiceOf is deploy/otrs/RS4OTRSProxy.yml as an admin imports
// it on the dialect: its header says to delete SessionRemove on OTRS 6.0,
// and only there. Elsewhere an operation the product lacks stays and
// cannot load (real2/otobo11/46).
func ProxyWebServiceOf(d store.Dialect) webservice.Definition {
	ws := webservice.Proxy()
	if d.Product.Name != otrs.OTRS {
		return ws
	}
	var ops []webservice.Operation
	for _, op := range ws.Operations {
		if offers(d, op.Type) {
			ops = append(ops, op)
		}
	}
	return webservice.Definition{Operations: ops}
}

// giRoute is one operation's route, compiled as OTRS's REST transport
// does it. missing names the backend module of an operation the product
// does not ship: the route matches, and the operation cannot load.
type giRoute struct {
	methods []string
	re      *regexp.Regexp
	op      func(o *Connector, d giData) any
	missing string
	// opType is the operation's type, e.g. Ticket::TicketGet.
	opType string
}

// giRoutes compiles a web service's routes, in operation-name order.
func giRoutes(ws webservice.Definition, d store.Dialect) []giRoute {
	var out []giRoute
	for _, op := range ws.Operations {
		impl, ok := giOperations[op.Type]
		if !ok {
			continue
		}
		if w, ok := giOperationsWithTicketData[op.Type]; ok && op.IncludeTicketData {
			impl = w
		}
		r := giRoute{methods: op.Methods, re: routeRegexp(op.Route), op: impl, opType: op.Type}
		if !offers(d, op.Type) {
			r.missing = "Kernel::GenericInterface::Operation::" + op.Type
		}
		out = append(out, r)
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
