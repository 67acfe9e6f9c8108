package gi

import (
	"os"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestShippedWebServiceMatchesProxyRoutes keeps deploy/otrs/RS4OTRSProxy.yml,
// which admins import into OTRS, in step with the routes the client calls.
func TestShippedWebServiceMatchesProxyRoutes(t *testing.T) {
	b, err := os.ReadFile("../../deploy/otrs/RS4OTRSProxy.yml")
	if err != nil {
		t.Fatal(err)
	}
	var ws struct {
		Debugger struct {
			DebugThreshold string `yaml:"DebugThreshold"`
		} `yaml:"Debugger"`
		Provider struct {
			Operation map[string]struct {
				Type string `yaml:"Type"`
			} `yaml:"Operation"`
			Transport struct {
				Config struct {
					RouteOperationMapping map[string]struct {
						RequestMethod []string `yaml:"RequestMethod"`
						Route         string   `yaml:"Route"`
					} `yaml:"RouteOperationMapping"`
				} `yaml:"Config"`
			} `yaml:"Transport"`
		} `yaml:"Provider"`
	}
	if err := yaml.Unmarshal(b, &ws); err != nil {
		t.Fatal(err)
	}
	if ws.Debugger.DebugThreshold != "error" {
		t.Errorf("DebugThreshold %q: at debug OTRS stores passwords in its database", ws.Debugger.DebugThreshold)
	}
	mapping := ws.Provider.Transport.Config.RouteOperationMapping
	if len(mapping) != len(ProxyRoutes) {
		t.Errorf("%d routes in the YAML, %d in ProxyRoutes", len(mapping), len(ProxyRoutes))
	}
	for op, r := range ProxyRoutes {
		m, ok := mapping[string(op)]
		if !ok {
			t.Errorf("%s: no route in the YAML", op)
			continue
		}
		if m.Route != r.path || len(m.RequestMethod) != 1 || m.RequestMethod[0] != r.method {
			t.Errorf("%s: YAML %v %s, client %s %s", op, m.RequestMethod, m.Route, r.method, r.path)
		}
		if ws.Provider.Operation[string(op)].Type == "" {
			t.Errorf("%s: no operation type in the YAML", op)
		}
	}
}
