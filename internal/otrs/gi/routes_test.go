package gi

import (
	"testing"

	webservice "github.com/rs4otrs/rs4otrs-proxy/deploy/otrs"
)

// TestShippedWebServiceMatchesProxyRoutes keeps deploy/otrs/RS4OTRSProxy.yml,
// which admins import into OTRS, in step with the routes the client calls.
func TestShippedWebServiceMatchesProxyRoutes(t *testing.T) {
	ws := webservice.Proxy()
	if ws.DebugThreshold != "error" {
		t.Errorf("DebugThreshold %q: at debug OTRS stores passwords in its database", ws.DebugThreshold)
	}
	byName := map[string]webservice.Operation{}
	for _, o := range ws.Operations {
		byName[o.Name] = o
	}
	if len(byName) != len(ProxyRoutes) {
		t.Errorf("%d routes in the YAML, %d in ProxyRoutes", len(byName), len(ProxyRoutes))
	}
	for op, r := range ProxyRoutes {
		m, ok := byName[string(op)]
		if !ok {
			t.Errorf("%s: no route in the YAML", op)
			continue
		}
		if m.Route != r.Path || len(m.Methods) != 1 || m.Methods[0] != r.Method {
			t.Errorf("%s: YAML %v %s, client %s %s", op, m.Methods, m.Route, r.Method, r.Path)
		}
		if m.Type != "Session::"+string(op) && m.Type != "Ticket::"+string(op) {
			t.Errorf("%s: operation type %q", op, m.Type)
		}
	}
}
