// Package fakeotrs is an in-process fake OTRS (Znuny 6.5.4, or the
// OTRS CE 6.0.41, Znuny 7.0.9 or OTOBO 11.0.6 that Store.Product names,
// with the differences of store.Dialects): the GenericInterface ticket
// connector (REST, serving exactly the routes of each web service it
// stands for, and SOAP), the agent interface actions the proxy drives, and
// an in-memory catalog, all over one Store. Its answers follow the
// recordings of real OTRS/Znuny instances in internal/otrs/recordings/data.
// It is a part of the product: demo mode serves it when no OTRS is
// configured (Listen, Serve), and the tests start it (fakeotrstest).
//
// This package only assembles the fake into one server; its parts are
// sub-packages: store (the Store, seed data, catalog, push directory), gi
// (the GenericInterface operations and REST web services), soap (the SOAP
// transport over gi's operations) and web (the agent interface).
package fakeotrs

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/soap"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/web"
)

// Paths of the fake, as Znuny 6.5.4 and OTRS 6.0.41 serve them (Paths
// gives every dialect's).
const (
	// StockWebservicePath serves GenericTicketConnectorREST's routes.
	StockWebservicePath = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST"
	// ProxyWebservicePath serves the routes of deploy/otrs/RS4OTRSProxy.yml.
	ProxyWebservicePath = "/otrs/nph-genericinterface.pl/Webservice/RS4OTRSProxy"
	// SOAPWebservicePath serves the stock GenericTicketConnectorSOAP.
	SOAPWebservicePath = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorSOAP"
	// AgentInterfacePath is the agent interface (index.pl).
	AgentInterfacePath = "/otrs/index.pl"
)

// Paths are where one fake serves its web services and agent interface:
// under its line's ScriptAlias (/otrs/, /znuny/, /otobo/).
type Paths struct {
	StockWebservice, ProxyWebservice, SOAPWebservice, AgentInterface string
}

// pathsUnder returns the paths under the web path, e.g. "/znuny/".
func pathsUnder(web string) Paths {
	ws := web + "nph-genericinterface.pl/Webservice/"
	return Paths{
		StockWebservice: ws + "GenericTicketConnectorREST",
		ProxyWebservice: ws + "RS4OTRSProxy",
		SOAPWebservice:  ws + "GenericTicketConnectorSOAP",
		AgentInterface:  web + "index.pl",
	}
}

// OTRS is the fake OTRS over one Store.
type OTRS struct {
	Store *Store
	mux   *http.ServeMux
	// web is the agent interface, with its switches and outbox.
	web   *web.Interface
	paths Paths
	// timing is the latency model and round-trip recorder (timing.go).
	timing timing
}

// New returns a fake OTRS serving store, under the paths of the store's
// line (Paths).
func New(store *Store) *OTRS {
	var webPath string
	var d Dialect
	store.Read(func(s *Store) { webPath, d = s.WebPath(), s.Dialect() })
	o := &OTRS{Store: store, mux: http.NewServeMux(), web: web.New(store), paths: pathsUnder(webPath)}
	p := o.paths
	c := gi.New(store)
	o.mux.Handle(p.StockWebservice+"/", c.Handler(p.StockWebservice, gi.StockWebServiceOf(d)))
	o.mux.Handle(p.ProxyWebservice+"/", c.Handler(p.ProxyWebservice, gi.ProxyWebServiceOf(d)))
	o.mux.Handle(p.SOAPWebservice, soap.Handler(c))
	o.mux.Handle(p.AgentInterface, o.web)
	return o
}

// Paths returns where o serves its parts.
func (o *OTRS) Paths() Paths { return o.paths }

// Server is a fake OTRS listening on a TCP port (demo mode, tests).
type Server struct {
	// URL is the base URL, http://host:port.
	URL    string
	http   *http.Server
	done   chan error
	once   sync.Once
	err    error
	connMu sync.Mutex
	conns  map[net.Conn]http.ConnState
}

// active counts the connections in a request (for the tests).
func (s *Server) active() int {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	n := 0
	for _, st := range s.conns {
		if st == http.StateActive {
			n++
		}
	}
	return n
}

// track follows each connection's state (http.Server.ConnState).
func (s *Server) track(c net.Conn, st http.ConnState) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	if st == http.StateClosed || st == http.StateHijacked {
		delete(s.conns, c)
		return
	}
	s.conns[c] = st
}

// Listen serves o on addr (e.g. "127.0.0.1:0" for any free loopback
// port) until Close.
func (o *OTRS) Listen(addr string) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("fake OTRS: %w", err)
	}
	s := &Server{
		URL:   "http://" + l.Addr().String(),
		done:  make(chan error, 1),
		conns: map[net.Conn]http.ConnState{},
	}
	s.http = &http.Server{Handler: o, ReadHeaderTimeout: 10 * time.Second, ConnState: s.track}
	go func() { s.done <- s.http.Serve(l) }()
	return s, nil
}

// Serve serves o on addr until ctx ends, then shuts the server down.
func (o *OTRS) Serve(ctx context.Context, addr string) error {
	s, err := o.Listen(addr)
	if err != nil {
		return err
	}
	<-ctx.Done()
	return s.Close()
}

// Shutdown stops the server gracefully: it stops accepting, lets requests
// in flight finish until ctx ends, then closes every connection left, so
// that it returns soon after ctx's deadline whatever the handlers do (a
// handler still running then is abandoned with its connection). It may be
// called with Close, in any order.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	if err != nil {
		// The deadline passed with requests in flight: end them.
		err = fmt.Errorf("fake OTRS: shutdown: %w", err)
	}
	return errors.Join(err, s.Close())
}

// Close stops the server and its connections; it may be called twice.
func (s *Server) Close() error {
	s.once.Do(func() {
		s.err = s.http.Close()
		if e := <-s.done; !errors.Is(e, http.ErrServerClosed) {
			s.err = errors.Join(s.err, e)
		}
	})
	return s.err
}
