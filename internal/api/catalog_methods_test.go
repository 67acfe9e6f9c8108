package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db/dbtest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// catalogCase is one call of a catalog method as an agent.
type catalogCase struct {
	name   string
	agent  string
	path   string
	params map[string]any
}

var catalogCases = []catalogCase{
	{"getQueueList-agent.full", "agent.full", "/queues/getQueueList", nil},
	{"getQueueList-agent.ro", "agent.ro", "/queues/getQueueList", nil},
	{"getQueueList-agent.ro-ForCreateTicket", "agent.ro", "/queues/getQueueList", map[string]any{"ForCreateTicket": 1}},
	{"getQueueList-root-ForUpdateQueue", "root@localhost", "/queues/getQueueList", map[string]any{"ForUpdateQueue": "1"}},
	{"getServiceList", "agent.ro", "/services/getServiceList", nil},
	{"getServiceList-CustomerUserLogin", "agent.ro", "/services/getServiceList", map[string]any{"CustomerUserLogin": "jdoe"}},
	{"getSLAList", "agent.ro", "/sla/getSLAList", map[string]any{"ServiceID": 2}},
	{"getSLAList-unknown-service", "agent.ro", "/sla/getSLAList", map[string]any{"ServiceID": 99}},
	{"getSLAList-missing-ServiceID", "agent.ro", "/sla/getSLAList", nil},
	{"getTicketViews", "agent.ro", "/filters/getTicketViews", nil},
	{"getTicketViews-QueueID", "agent.ro", "/filters/getTicketViews", map[string]any{"QueueID": 5}},
	{"getUserList", "agent.ro", "/users/getUserList", nil},
	{"getUserList-QueueID-restricted", "agent.ro", "/users/getUserList", map[string]any{"QueueID": 8}},
	{"getUserList-QueueID-sales", "agent.ro", "/users/getUserList", map[string]any{"QueueID": 7}},
	{"getUserPermissions-agent.ro", "agent.ro", "/users/getUserPermissions", nil},
	{"getUserPermissions-agent.full", "agent.full", "/users/getUserPermissions", nil},
	{"getUserPermissions-root", "root@localhost", "/users/getUserPermissions", nil},
	{"getCustomerList", "agent.ro", "/customers/getCustomerList", nil},
	{"getCustomerUser", "agent.ro", "/customers/getCustomerUser", map[string]any{"CustomerUser": "jdoe"}},
	{"getCustomerUser-missing-parameter", "agent.ro", "/customers/getCustomerUser", nil},
	{"getCustomerUser-unknown", "agent.ro", "/customers/getCustomerUser", map[string]any{"CustomerUser": "nobody"}},
	{"getCustomerUserList", "agent.ro", "/customers/getCustomerUserList", nil},
	{"getCustomerUserList-Search", "agent.ro", "/customers/getCustomerUserList", map[string]any{"Search": "acme"}},
	{"getCustomerUserList-Login-wildcard", "agent.ro", "/customers/getCustomerUserList", map[string]any{"Login": "J*"}},
	{"getCustomerUserList-CustomerID", "agent.ro", "/customers/getCustomerUserList", map[string]any{"CustomerID": "globex"}},
	{"getCustomerUserList-Email-Limit", "agent.ro", "/customers/getCustomerUserList", map[string]any{"Email": "*@acme.example", "Limit": 1}},
	{"getLanguageList", "agent.ro", "/settings/getLanguageList", nil},
	{"getPackageList", "agent.ro", "/system/getPackageList", nil},
	{"getDynamicFieldList", "agent.ro", "/system/getDynamicFieldList", nil},
}

// methods maps a path to its method; the proxy's routes do the same.
func methods(a *api.API) map[string]api.Method {
	return map[string]api.Method{
		"/queues/getQueueList": a.GetQueueList, "/services/getServiceList": a.GetServiceList,
		"/sla/getSLAList": a.GetSLAList, "/filters/getTicketViews": a.GetTicketViews,
		"/users/getUserList": a.GetUserList, "/users/getUserPermissions": a.GetUserPermissions,
		"/customers/getCustomerList": a.GetCustomerList, "/customers/getCustomerUser": a.GetCustomerUser,
		"/customers/getCustomerUserList": a.GetCustomerUserList, "/settings/getLanguageList": a.GetLanguageList,
		"/system/getPackageList": a.GetPackageList, "/system/getDynamicFieldList": a.GetDynamicFieldList,
	}
}

// newAPI returns the methods over cat, as app wires them.
func newAPI(cat otrs.Catalog) *api.API {
	return &api.API{
		Opts:    api.Options{ProxyVersion: "0.0.0-test"},
		Catalog: cat,
		Perms:   perms.New(cat, time.Minute),
	}
}

// call runs tc directly as its agent and returns the envelope the proxy
// would write: for an API the proxy cannot be started with.
func call(t *testing.T, a *api.API, store *fakeotrs.Store, tc catalogCase) []byte {
	t.Helper()
	var agent *session.User
	store.Lock(func(s *fakeotrs.Store) {
		for _, ag := range s.Agents {
			if ag.Login == tc.agent {
				agent = &session.User{ID: ag.ID, Login: ag.Login}
			}
		}
	})
	if agent == nil {
		t.Fatalf("no agent %s", tc.agent)
	}
	raw, _ := json.Marshal(tc.params)
	var params api.Params
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&params); err != nil {
		t.Fatal(err)
	}
	if params == nil {
		params = api.Params{}
	}
	out, err := methods(a)[tc.path](context.Background(), &api.Request{Agent: agent, Token: "test", Params: params})
	if err != nil {
		b, _ := json.Marshal(map[string]string{"Response": "ERROR", "Message": api.ClientMessage(err)})
		return b
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte(`{"Response":"OK",`), b[1:]...)
}

// httpAgents logs each agent in once per proxy and calls as that agent.
type httpAgents struct {
	env    *apptest.Env
	tokens map[string]string
}

func startProxy(t *testing.T, opts ...apptest.Option) *httpAgents {
	env := apptest.Start(t, opts...)
	env.App.API.Opts.ProxyVersion = "0.0.0-test" // keep the golden file version-free
	return &httpAgents{env: env, tokens: map[string]string{}}
}

func (h *httpAgents) call(t *testing.T, tc catalogCase) []byte {
	t.Helper()
	tok, ok := h.tokens[tc.agent]
	if !ok {
		pw := ""
		h.env.Store.Lock(func(st *fakeotrs.Store) {
			for _, a := range st.Agents {
				if a.Login == tc.agent {
					pw = a.Password
				}
			}
		})
		tok = h.env.Login(tc.agent, pw)
		h.tokens[tc.agent] = tok
	}
	_, b := h.env.Call(tc.path, h.env.As(tok, tc.params))
	return b
}

// TestCatalogMethods checks every catalog method through HTTP against the
// proxy in demo mode (the fake's catalog; golden files), then that the
// proxy gives the very same answers from a real PostgreSQL and MariaDB, in
// OTRS 6 and Znuny naming, seeded with the same demo data.
func TestCatalogMethods(t *testing.T) {
	fake := startProxy(t)
	answers := map[string][]byte{}
	t.Run("fake", func(t *testing.T) {
		for _, tc := range catalogCases {
			t.Run(tc.name, func(t *testing.T) {
				b := fake.call(t, tc)
				answers[tc.name] = b
				apptest.Golden(t, "catalog/"+tc.name, b)
			})
		}
	})
	for _, v := range dbtest.Variants {
		t.Run(v.String(), func(t *testing.T) {
			dsn := dbtest.Create(t, v, fake.env.Store)
			h := startProxy(t, func(c *config.Config) { c.DBDSN = dsn })
			if _, ok := h.env.App.API.Catalog.(*db.Catalog); !ok {
				t.Fatalf("catalog is %T, want *db.Catalog", h.env.App.API.Catalog)
			}
			for _, tc := range catalogCases {
				t.Run(tc.name, func(t *testing.T) {
					got, want := indent(t, h.call(t, tc)), indent(t, answers[tc.name])
					if got != want {
						t.Errorf("answer from the database differs from the fake's\n--- fake\n%s\n--- %s\n%s", want, v, got)
					}
				})
			}
		})
	}
}

// TestCatalogMethodsWithoutCatalog: with no RS4OTRS_DB_DSN every catalog
// method answers "Please contact the administrator.".
func TestCatalogMethodsWithoutCatalog(t *testing.T) {
	store := fakeotrs.NewStore()
	a := &api.API{}
	for _, tc := range catalogCases {
		if strings.Contains(tc.name, "missing") {
			continue // parameter checks come first
		}
		t.Run(tc.name, func(t *testing.T) {
			var got map[string]string
			if err := json.Unmarshal(call(t, a, store, tc), &got); err != nil {
				t.Fatal(err)
			}
			if got["Response"] != "ERROR" || got["Message"] != api.MsgContactAdmin {
				t.Errorf("answer %v, want %q", got, api.MsgContactAdmin)
			}
		})
	}
}

func indent(t *testing.T, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, b, "", "  "); err != nil {
		t.Fatalf("not JSON: %s", b)
	}
	return buf.String()
}

// BenchmarkGetQueueListWarm measures getQueueList with the catalog and
// the agent's permissions cached: no database round trip.
func BenchmarkGetQueueListWarm(b *testing.B) {
	store := fakeotrs.NewStore()
	backends := map[string]func(b *testing.B) otrs.Catalog{
		"fake": func(b *testing.B) otrs.Catalog { return fakeotrs.NewCatalog(store) },
	}
	for _, v := range []dbtest.Variant{{Driver: "postgres", Naming: dbtest.Znuny}, {Driver: "mysql", Naming: dbtest.Znuny}} {
		backends[v.String()] = func(b *testing.B) otrs.Catalog {
			return dbtest.Catalog(b, dbtest.Create(b, v, store), time.Hour)
		}
	}
	for _, name := range []string{"fake", "postgres-znuny", "mysql-znuny"} {
		b.Run(name, func(b *testing.B) {
			a := newAPI(backends[name](b))
			r := &api.Request{Agent: &session.User{ID: 2}, Params: api.Params{}}
			if _, err := a.GetQueueList(context.Background(), r); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := a.GetQueueList(context.Background(), r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGetQueueListHTTPWarm is the same through the proxy's HTTP front
// (token cached, catalog from PostgreSQL cached).
func BenchmarkGetQueueListHTTPWarm(b *testing.B) {
	dsn := dbtest.Create(b, dbtest.Variant{Driver: "postgres", Naming: dbtest.Znuny}, fakeotrs.NewStore())
	env := apptest.Start(b, func(c *config.Config) { c.DBDSN = dsn })
	params := env.As(env.Login("agent.full", "AgentFull123!"), nil)
	env.Call("/queues/getQueueList", params)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		env.Call("/queues/getQueueList", params)
	}
}
