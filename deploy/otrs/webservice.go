// Package webservice holds the GenericInterface web service definitions
// we ship for admins to import into OTRS (the YAML files next to this
// one), embedded, and reads their REST provider routes, so that the
// client's route table and the fake OTRS can be held to the very file an
// admin imports.
package webservice

import (
	_ "embed"
	"fmt"
	"sort"

	"gopkg.in/yaml.v3"
)

// ProxyYAML is RS4OTRSProxy.yml, the proxy's POST-only web service.
//
//go:embed RS4OTRSProxy.yml
var ProxyYAML []byte

// Definition is the part of a web service definition that decides which
// requests reach which operation.
type Definition struct {
	// DebugThreshold is the debugger's log level.
	DebugThreshold string
	// Operations are the provider's operations, sorted by name: the
	// order in which OTRS's REST transport tries their routes
	// (Kernel/GenericInterface/Transport/HTTP/REST.pm:159 in OTRS 6.0.41,
	// :167 in Znuny 6.5.4: `sort keys %{ $Config->{RouteOperationMapping} }`).
	Operations []Operation
}

// Operation is one provider operation with its REST route.
type Operation struct {
	Name string // the operation's name in the YAML
	Type string // e.g. Ticket::TicketGet
	// Methods are the accepted request methods; none means any
	// (REST.pm:165 only filters when RequestMethod has entries).
	Methods []string
	Route   string // may hold :Param segments
	// IncludeTicketData makes a TicketCreate or TicketUpdate answer
	// with the ticket after the write, under Ticket: the operation reads
	// it from its own config (Znuny 6.5.4 Kernel/GenericInterface/
	// Operation/Ticket/TicketCreate.pm:1906-1912, TicketUpdate.pm:
	// 2381-2387; OTRS 6.0.41 TicketCreate.pm:1624-1630, TicketUpdate.pm:
	// 2193-2199), any true Perl value enabling it.
	IncludeTicketData bool
}

// Parse reads a web service definition (the YAML OTRS exports and
// imports). An operation without a route is left out: REST cannot reach
// it.
func Parse(b []byte) (Definition, error) {
	var ws struct {
		Debugger struct {
			DebugThreshold string `yaml:"DebugThreshold"`
		} `yaml:"Debugger"`
		Provider struct {
			Operation map[string]struct {
				Type              string `yaml:"Type"`
				IncludeTicketData string `yaml:"IncludeTicketData"`
			} `yaml:"Operation"`
			Transport struct {
				Type   string `yaml:"Type"`
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
		return Definition{}, fmt.Errorf("web service definition: %w", err)
	}
	if t := ws.Provider.Transport.Type; t != "HTTP::REST" {
		return Definition{}, fmt.Errorf("web service definition: provider transport %q, want HTTP::REST", t)
	}
	d := Definition{DebugThreshold: ws.Debugger.DebugThreshold}
	for name, m := range ws.Provider.Transport.Config.RouteOperationMapping {
		op, ok := ws.Provider.Operation[name]
		if !ok || op.Type == "" {
			return Definition{}, fmt.Errorf("web service definition: route for %s, which is no operation", name)
		}
		include := op.IncludeTicketData != "" && op.IncludeTicketData != "0" // Perl truth
		d.Operations = append(d.Operations, Operation{Name: name, Type: op.Type, Methods: m.RequestMethod, Route: m.Route, IncludeTicketData: include})
	}
	sort.Slice(d.Operations, func(i, j int) bool { return d.Operations[i].Name < d.Operations[j].Name })
	return d, nil
}

// Proxy returns RS4OTRSProxy.yml's definition.
func Proxy() Definition {
	d, err := Parse(ProxyYAML)
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return d
}
