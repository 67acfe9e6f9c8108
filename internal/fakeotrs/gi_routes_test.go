package fakeotrs

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// TestGIRoutesServed: every route the client can take is served by the
// web service it stands for, under the line's own path, and nothing else
// is: other paths and methods get OTRS's transport error
// (real2/znuny65/11, real2/otrs60/11, 13). OTRS 6.0 and OTOBO 11 have no
// SessionRemove: the stock web service has no such route, nor has the
// proxy's on OTRS 6 (deleted as its header says); on OTOBO it names an
// operation that cannot load (real2/otobo11/46).
func TestGIRoutesServed(t *testing.T) {
	for p, d := range Dialects {
		o, srv := start(t, NewStoreFor(p))
		for _, ws := range []struct {
			name   string
			path   string
			routes gi.Routes
		}{
			{"stock", o.Paths().StockWebservice, gi.StockRoutes},
			{"proxy", o.Paths().ProxyWebservice, gi.ProxyRoutes},
		} {
			for op, r := range ws.routes {
				t.Run(string(p)+"/"+ws.name+"/"+string(op), func(t *testing.T) {
					path := strings.NewReplacer(":TicketID", "5", ":SessionID", "abc").Replace(r.Path)
					status, body := giRequest(t, r.Method, srv.URL+ws.path+path, map[string]any{"UserLogin": "agent.full", "Password": "AgentFull123!"})
					if !d.SessionRemove && op == gi.OpSessionRemove {
						want := "HTTP::REST Error while determine Operation for request URI '" + path + "'."
						if ws.name == "proxy" && d.Product.Name != "OTRS" {
							want = `{"faultcode":"Server","faultstring":"Can't load operation backend module Kernel::GenericInterface::Operation::Session::SessionRemove!"}`
						}
						if status != 500 || body != want {
							t.Fatalf("got %d %q, want 500 %q", status, body, want)
						}
						return
					}
					if status != http.StatusOK || !json.Valid([]byte(body)) {
						t.Fatalf("%s %s: %d %s", r.Method, path, status, body)
					}
				})
			}
		}
	}
	_, srv := start(t, NewStore())
	defer srv.Close()
	for _, tc := range []struct{ method, path string }{
		{http.MethodGet, ProxyWebservicePath + "/Ticket/5"},     // the stock route on our web service: proxy-traffic 037
		{http.MethodPost, StockWebservicePath + "/Ticket/5"},    // real2/znuny65/11
		{http.MethodGet, ProxyWebservicePath + "/Ticket/Get"},   // right path, wrong method
		{http.MethodPost, ProxyWebservicePath + "/Ticket/Get/"}, // REST.pm anchors the whole path
		{http.MethodPost, ProxyWebservicePath + "/Session"},
		{http.MethodPut, StockWebservicePath + "/Ticket/5"},
		{http.MethodGet, StockWebservicePath + "/Ticket/5/6"},
	} {
		t.Run("outside"+tc.path+"/"+tc.method, func(t *testing.T) {
			status, body := giRequest(t, tc.method, srv.URL+tc.path, map[string]any{"UserLogin": "agent.full", "Password": "AgentFull123!"})
			_, uri, _ := strings.Cut(tc.path, "/Webservice/")
			uri = uri[strings.Index(uri, "/"):]
			if want := "HTTP::REST Error while determine Operation for request URI '" + uri + "'."; status != 500 || body != want {
				t.Fatalf("got %d %q, want 500 %q", status, body, want)
			}
		})
	}
}
