package webservice

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	d := Proxy()
	if len(d.Operations) != 8 || d.Operations[0].Name != "SessionCreate" || d.Operations[7].Name != "TicketUpdate" {
		t.Fatalf("RS4OTRSProxy.yml: %+v", d.Operations)
	}
	for _, op := range d.Operations {
		if want := op.Name == "TicketCreate" || op.Name == "TicketUpdate"; op.IncludeTicketData != want {
			t.Errorf("RS4OTRSProxy.yml: %s has IncludeTicketData %v, want %v", op.Name, op.IncludeTicketData, want)
		}
	}
	for _, tc := range []struct{ name, yaml, err string }{
		{"route without operation", "Provider:\n  Transport:\n    Type: HTTP::REST\n    Config:\n      RouteOperationMapping:\n        X:\n          Route: /X\n", "no operation"},
		{"SOAP provider", "Provider:\n  Transport:\n    Type: HTTP::SOAP\n", "want HTTP::REST"},
		{"no YAML", "\t:", "web service definition"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Parse([]byte(tc.yaml)); err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("error %v, want %q", err, tc.err)
			}
		})
	}
}
