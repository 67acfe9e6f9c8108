package app_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// upstreamLog records every request the fake OTRS gets and its status.
type upstreamLog struct {
	next http.Handler
	mu   sync.Mutex
	seen []upstreamCall
}

type upstreamCall struct {
	uri    string // path and query
	status int
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

func (l *upstreamLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	l.next.ServeHTTP(sw, r)
	l.mu.Lock()
	l.seen = append(l.seen, upstreamCall{r.URL.RequestURI(), sw.status})
	l.mu.Unlock()
}

// TestEveryGICallTakesTheConfiguredTransport runs a login, a ticket list,
// an attachment download and a logout against a fake OTRS that serves exactly the
// routes of each web service, for every transport and product: each GI
// request must reach the configured web service and be answered there,
// and with the proxy's routes or SOAP no SessionID may appear in a URL.
// getAttachment used the stock route whatever RS4OTRS_OTRS_ROUTES said
// (real2/proxy-traffic/znuny65/upstream/037).
func TestEveryGICallTakesTheConfiguredTransport(t *testing.T) {
	png, _ := base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==")
	for product := range fakeotrs.Dialects {
		for _, tc := range []struct {
			name, transport, routes string
			path                    func(fakeotrs.Paths) string
			urlMayHoldSession       bool
		}{
			{"rest-stock", "rest", "stock", func(p fakeotrs.Paths) string { return p.StockWebservice }, true},
			{"rest-proxy", "rest", "proxy", func(p fakeotrs.Paths) string { return p.ProxyWebservice }, false},
			{"soap", "soap", "stock", func(p fakeotrs.Paths) string { return p.SOAPWebservice }, false},
		} {
			t.Run(string(product)+"/"+tc.name, func(t *testing.T) {
				o := fakeotrs.New(fakeotrs.NewStoreFor(product))
				log := &upstreamLog{next: o}
				fake := httptest.NewServer(log)
				defer fake.Close()
				c := config.Defaults()
				wsPath := tc.path(o.Paths())
				c.OTRSURL = fake.URL + wsPath
				c.OTRSWebURL = fake.URL + o.Paths().AgentInterface
				if product == fakeotrs.OTOBO11 {
					// What an admin sets today (real2/otobo11/sysconfig.txt);
					// TestLoginOnOTOBOWithoutSessionName wants it read.
					c.SessionName = "OTOBOAgentInterface"
				}
				c.OTRSTransport, c.OTRSRoutes = tc.transport, tc.routes
				c.ChallengeSecret = "test-secret"
				c.DataDir = t.TempDir()
				if err := c.Validate(); err != nil {
					t.Fatal(err)
				}
				api := apptest.Serve(t, &c, zerolog.New(io.Discard)).URL
				// What follows is about API calls: forget the route
				// probe of the start (a 500 on stock, by design).
				log.mu.Lock()
				log.seen = nil
				log.mu.Unlock()
				post := func(path string, params map[string]any) (*http.Response, []byte) {
					body, _ := json.Marshal(params)
					resp, err := http.Post(api+path, "application/json", bytes.NewReader(body))
					if err != nil {
						t.Fatal(err)
					}
					defer resp.Body.Close()
					b, _ := io.ReadAll(resp.Body)
					return resp, b
				}

				_, b := post("/auth/login", map[string]any{"User": "agent.full", "Password": "AgentFull123!"})
				var login map[string]any
				json.Unmarshal(b, &login)
				token, _ := login["SessionValue"].(string)
				name, _ := login["SessionName"].(string) // the parameter clients send the token under
				if token == "" || name == "" {
					t.Fatalf("login: %s", b)
				}
				if _, b := post("/tickets/getTicketList", map[string]any{name: token, "Count": 1}); !bytes.Contains(b, []byte(`"Response":"OK"`)) {
					t.Fatalf("getTicketList: %s", b)
				}
				resp, b := post("/tickets/getAttachment", map[string]any{name: token, "TicketID": 5, "FileID": 1})
				if resp.StatusCode != http.StatusOK || !bytes.Equal(b, png) {
					t.Fatalf("getAttachment: %d %q", resp.StatusCode, b)
				}

				// Logout must not need a GI operation OTRS 6 lacks
				// (SessionRemove, real2/otrs60/13, 14).
				challenge, _ := login["ChallengeToken"].(string)
				if _, b := post("/auth/logout", map[string]any{name: token, "ChallengeToken": challenge}); !bytes.Contains(b, []byte(`"Response":"OK"`)) {
					t.Fatalf("logout: %s", b)
				}

				log.mu.Lock()
				defer log.mu.Unlock()
				gi := 0
				for _, call := range log.seen {
					if !strings.Contains(call.uri, "/nph-genericinterface.pl/") {
						continue // the agent interface
					}
					gi++
					if !strings.HasPrefix(call.uri, wsPath) {
						t.Errorf("GI request to another web service: %s", call.uri)
					}
					if call.status != http.StatusOK {
						t.Errorf("GI request answered %d: %s", call.status, call.uri)
					}
					if !tc.urlMayHoldSession && strings.Contains(call.uri, token) {
						t.Errorf("SessionID in a URL: %s", call.uri)
					}
				}
				if gi == 0 {
					t.Error("no GI request seen")
				}
			})
		}
	}
}
