// Package openapi holds the OpenAPI 3.1 document of the RS4OTRS_API as
// this proxy serves it. openapi.json is generated from the contract by
// cmd/openapigen (make openapi) and committed; the proxy serves it at
// /openapi.json.
package openapi

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
)

// JSON is the document.
//
//go:embed openapi.json
var JSON []byte

// Paths returns the document's paths, sorted.
func Paths() ([]string, error) {
	var doc struct {
		Paths map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(JSON, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths, nil
}
