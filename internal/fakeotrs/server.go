// Package otrstest is an in-process fake OTRS (Znuny 6.5.4, or OTRS CE
// 6.0.41 where Store.Product says so): the GenericInterface ticket
// connector (REST, serving exactly the routes of each web service it
// stands for, and SOAP), the agent interface actions the proxy drives, and
// an in-memory catalog, all over one Store. Its answers follow ../shared/otrs-recordings. Tests use it,
// and demo mode serves it when no OTRS is configured.
package fakeotrs

import (
	"net"
	"net/http"
	"net/http/httptest"
)

// Paths of the fake, as a real OTRS serves them.
const (
	// StockWebservicePath serves GenericTicketConnectorREST's routes.
	StockWebservicePath = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST"
	// ProxyWebservicePath serves the routes of deploy/otrs/RS4OTRSProxy.yml.
	ProxyWebservicePath = "/otrs/nph-genericinterface.pl/Webservice/RS4OTRSProxy"
	// AgentInterfacePath is the agent interface (index.pl).
	AgentInterfacePath = "/otrs/index.pl"
)

// OTRS is the fake OTRS over one Store.
type OTRS struct {
	Store *Store
	mux   *http.ServeMux
	// web holds the agent interface's switches and outbox (web.go).
	web webState
}

// New returns a fake OTRS serving store.
func New(store *Store) *OTRS {
	o := &OTRS{Store: store, mux: http.NewServeMux()}
	o.routeGI()
	o.routeSOAP()
	o.routeAgentInterface()
	return o
}

// ServeHTTP serves the fake.
func (o *OTRS) ServeHTTP(w http.ResponseWriter, r *http.Request) { o.mux.ServeHTTP(w, r) }

// Start serves a new fake OTRS with the demo data on 127.0.0.1 and returns
// it with its base URL (http://127.0.0.1:port). The caller closes srv.
func Start() (o *OTRS, srv *httptest.Server) {
	o = New(NewStore())
	return o, serve(o)
}

// serve starts o on a loopback port.
func serve(o *OTRS) *httptest.Server {
	srv := httptest.NewUnstartedServer(o)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("otrstest: listen: " + err.Error())
	}
	srv.Listener = l
	srv.Start()
	return srv
}

// StartFor is Start with the demo data as product p holds it
// (NewStoreFor).
func StartFor(p Product) (o *OTRS, srv *httptest.Server) {
	o = New(NewStoreFor(p))
	return o, serve(o)
}
