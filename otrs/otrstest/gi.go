package otrstest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// giRoute is one operation of a web service definition. Routes are tried
// in the order of their operation names, as OTRS's REST transport does,
// and the first match of method and path wins.
type giRoute struct {
	name   string // operation name in the YAML
	method string
	path   string // may hold :Param segments
	op     func(o *OTRS, d giData) any
}

// stockGIRoutes mirror GenericTicketConnectorREST as recorded
// (SessionRemove and TicketSearchPOST added).
var stockGIRoutes = []giRoute{
	{"SessionCreate", http.MethodPost, "/Session", (*OTRS).giSessionCreate},
	{"SessionGet", http.MethodGet, "/Session/:SessionID", (*OTRS).giSessionGet},
	{"SessionRemove", http.MethodDelete, "/Session/:SessionID", (*OTRS).giSessionRemove},
	{"TicketCreate", http.MethodPost, "/Ticket", (*OTRS).giTicketCreate},
	{"TicketGet", http.MethodGet, "/Ticket/:TicketID", (*OTRS).giTicketGet},
	{"TicketGetList", http.MethodGet, "/TicketList", (*OTRS).giTicketGet},
	{"TicketHistoryGet", http.MethodGet, "/TicketHistory/:TicketID", (*OTRS).giTicketHistoryGet},
	{"TicketSearch", http.MethodGet, "/Ticket", (*OTRS).giTicketSearch},
	{"TicketSearchPOST", http.MethodPost, "/TicketSearch", (*OTRS).giTicketSearch},
	{"TicketUpdate", http.MethodPatch, "/Ticket/:TicketID", (*OTRS).giTicketUpdate},
}

// proxyGIRoutes mirror deploy/otrs/RS4OTRSProxy.yml: POST only.
var proxyGIRoutes = []giRoute{
	{"SessionCreate", http.MethodPost, "/Session/Create", (*OTRS).giSessionCreate},
	{"SessionGet", http.MethodPost, "/Session/Get", (*OTRS).giSessionGet},
	{"SessionRemove", http.MethodPost, "/Session/Remove", (*OTRS).giSessionRemove},
	{"TicketCreate", http.MethodPost, "/Ticket/Create", (*OTRS).giTicketCreate},
	{"TicketGet", http.MethodPost, "/Ticket/Get", (*OTRS).giTicketGet},
	{"TicketHistoryGet", http.MethodPost, "/Ticket/History", (*OTRS).giTicketHistoryGet},
	{"TicketSearch", http.MethodPost, "/Ticket/Search", (*OTRS).giTicketSearch},
	{"TicketUpdate", http.MethodPost, "/Ticket/Update", (*OTRS).giTicketUpdate},
}

// routeGI registers the GenericInterface operations under both web
// service paths. The fake follows the recordings of Znuny 6.5.4
// (testdata/recordings/gi, replayed by TestGIReplay): operation errors are
// HTTP 200 {"Error":{...}}, transport errors HTTP 500 text/plain; lists
// are always lists and an empty search is {}; unknown tickets are
// AccessDenied; TicketUpdate checks only ro, plus move_into for a queue
// move and owner for an owner change; the JSON types are OTRS's own mix
// (search ids and TicketCreate ids are strings, TicketGet ids numbers,
// SenderTypeID/FileID/FilesizeRaw strings).
func (o *OTRS) routeGI() {
	o.mux.Handle(StockWebservicePath+"/", o.giHandler(StockWebservicePath, stockGIRoutes))
	o.mux.Handle(ProxyWebservicePath+"/", o.giHandler(ProxyWebservicePath, proxyGIRoutes))
}

// giData is an operation's input as OTRS's REST transport builds it: query
// parameters and route parameters, overlaid by the decoded JSON body.
type giData map[string]any

func (o *OTRS) giHandler(prefix string, routes []giRoute) http.Handler {
	sorted := append([]giRoute(nil), routes...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].name < sorted[j].name })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uri := strings.TrimPrefix(r.URL.EscapedPath(), prefix)
		var route *giRoute
		var params map[string]string
		for i := range sorted {
			if sorted[i].method != r.Method {
				continue
			}
			if p, ok := matchGIRoute(sorted[i].path, uri); ok {
				route, params = &sorted[i], p
				break
			}
		}
		if route == nil {
			giTransportError(w, "HTTP::REST Error while determine Operation for request URI '"+uri+"'.")
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
				var decoded any
				dec := json.NewDecoder(bytes.NewReader(body))
				dec.UseNumber()
				if err := dec.Decode(&decoded); err != nil {
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
		giWriteJSON(w, route.op(o, data))
	})
}

// matchGIRoute matches uri against a route path with :Param segments.
func matchGIRoute(pattern, uri string) (map[string]string, bool) {
	ps := strings.Split(strings.Trim(pattern, "/"), "/")
	us := strings.Split(strings.Trim(uri, "/"), "/")
	if len(ps) != len(us) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range ps {
		if strings.HasPrefix(p, ":") {
			v, err := url.PathUnescape(us[i])
			if err != nil || v == "" {
				return nil, false
			}
			params[p[1:]] = v
			continue
		}
		if p != us[i] {
			return nil, false
		}
	}
	return params, true
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
