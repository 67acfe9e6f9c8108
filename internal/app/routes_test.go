package app_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/fakeotrstest"
)

// closedURL is an address where nothing listens: an OTRS that is down.
func closedURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + fakeotrs.ProxyWebservicePath
}

func TestDetectRoutes(t *testing.T) {
	_, otrs := fakeotrstest.Start(t)
	for _, tc := range []struct {
		name, url, want string
	}{
		{"stock GenericTicketConnectorREST", otrs.URL + fakeotrs.StockWebservicePath, "stock"},
		{"our RS4OTRSProxy", otrs.URL + fakeotrs.ProxyWebservicePath, "proxy"},
		{"trailing slash", otrs.URL + fakeotrs.ProxyWebservicePath + "/", "proxy"},
		{"not a web service", otrs.URL + fakeotrs.AgentInterfacePath, ""},
		{"OTRS down", closedURL(t), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := app.DetectRoutes(context.Background(), http.DefaultClient, tc.url)
			if got != tc.want || (tc.want == "") != (err != nil) {
				t.Fatalf("DetectRoutes = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestRoutesAtStart: auto takes the web service's set and logins work; a
// set that does not match, or an OTRS that could not be asked, shows in
// /readyz with the setting to change.
func TestRoutesAtStart(t *testing.T) {
	_, otrs := fakeotrstest.Start(t)
	stock, prx := otrs.URL+fakeotrs.StockWebservicePath, otrs.URL+fakeotrs.ProxyWebservicePath
	for _, tc := range []struct {
		name, url, routes string
		loginOK           bool
		ready             string // the otrs_routes entry of /readyz
	}{
		{"auto on stock", stock, "auto", true, "ok"},
		{"auto on proxy", prx, "auto", true, "ok"},
		{"stock on stock", stock, "stock", true, "ok"},
		// Issue 14: the old default in front of RS4OTRSProxy.
		{"stock on proxy", prx, "stock", false, "fail: the web service serves the proxy routes but the proxy uses stock: set RS4OTRS_OTRS_ROUTES=proxy (or auto)"},
		{"proxy on stock", stock, "proxy", false, "fail: the web service serves the stock routes but the proxy uses proxy: set RS4OTRS_OTRS_ROUTES=stock (or auto)"},
		{"auto, OTRS down", closedURL(t), "auto", false, "fail: route set not detected; using proxy (RS4OTRS_OTRS_ROUTES)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := config.Defaults()
			c.OTRSURL, c.OTRSRoutes = tc.url, tc.routes
			c.ChallengeSecret, c.DataDir = "test-secret", t.TempDir()
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			env := apptest.Serve(t, &c, zerolog.New(io.Discard))

			_, b := env.Call("/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})
			if got := strings.Contains(string(b), `"Response":"OK"`); got != tc.loginOK {
				t.Errorf("login: %s", b)
			}

			var ready struct{ Checks map[string]string }
			status := env.GetJSON("/readyz", &ready)
			if got := ready.Checks["otrs_routes"]; got != tc.ready {
				t.Errorf("/readyz otrs_routes = %q, want %q", got, tc.ready)
			}
			if want := tc.ready == "ok"; (status == http.StatusOK) != want {
				t.Errorf("/readyz %d", status)
			}
		})
	}
}
