package fakeotrs

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// TestGIRoutesServed: every route the client can take is served by the
// web service it stands for, and nothing else is: other paths and methods
// get OTRS's transport error (real2/znuny65/11, real2/otrs60/11, 13).
// OTRS 6.0 has no SessionRemove on either web service.
func TestGIRoutesServed(t *testing.T) {
	for _, p := range []Product{Znuny65, OTRS60} {
		_, srv := start(t, NewStoreFor(p))
		defer srv.Close()
		for _, ws := range []struct {
			name   string
			path   string
			routes gi.Routes
		}{
			{"stock", StockWebservicePath, gi.StockRoutes},
			{"proxy", ProxyWebservicePath, gi.ProxyRoutes},
		} {
			for op, r := range ws.routes {
				t.Run(string(p)+"/"+ws.name+"/"+string(op), func(t *testing.T) {
					path := strings.NewReplacer(":TicketID", "5", ":SessionID", "abc").Replace(r.Path)
					status, body := giRequest(t, r.Method, srv.URL+ws.path+path, map[string]any{"UserLogin": "agent.full", "Password": "AgentFull123!"})
					if p == OTRS60 && op == gi.OpSessionRemove {
						if want := "HTTP::REST Error while determine Operation for request URI '" + path + "'."; status != 500 || body != want {
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
