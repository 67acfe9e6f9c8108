package proxy

import (
	"slices"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/openapi"
)

// TestOpenAPIMatchesRoutes keeps internal/openapi/openapi.json and routes.go in
// step: every routed path is documented and every documented path routed.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	documented, err := openapi.Paths()
	if err != nil {
		t.Fatal(err)
	}
	var routed []string
	for _, rt := range (&Server{}).methodRoutes(&api.API{}) {
		routed = append(routed, rt.path)
		if !slices.Contains(documented, rt.path) {
			t.Errorf("%s is routed but not in openapi.json", rt.path)
		}
	}
	for _, p := range documented {
		if !slices.Contains(routed, p) {
			t.Errorf("%s is in openapi.json but not routed", p)
		}
	}
}
