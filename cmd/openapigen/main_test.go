package main

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// The committed document is what the generator makes of the module's copy
// of the contract: a change to either without `make openapi` fails CI.
func TestCommittedDocumentIsFresh(t *testing.T) {
	fresh, err := generate("../../internal/api/testdata/contract/rs4otrs-api.json", "/otrs/api")
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../../internal/openapi/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh, committed) {
		t.Fatal("internal/openapi/openapi.json differs from a fresh generation: run make openapi and commit the result")
	}
}

// The generator's rules for ambiguous examples, one by one.
func TestInfer(t *testing.T) {
	for _, tc := range []struct {
		key  string
		v    any
		want string
	}{
		{"Title", "x", `["string","null"]`},
		{"TicketID", float64(3), `"integer"`},
		{"ServiceID", nil, `["integer","null"]`},
		{"CustomerID", nil, `["string","null"]`},
		{"EscalationTime", float64(0), `["integer","null"]`},
		{"TicketNumber", float64(2019), `["integer","string"]`},
		{"TimeUnits", 1.5, `["number","null"]`},
	} {
		got := infer("/x", tc.key, tc.v)["type"]
		var b bytes.Buffer
		_ = jsonEncode(&b, got)
		if g := bytes.TrimSpace(b.Bytes()); string(g) != tc.want {
			t.Errorf("%s=%v: type %s, want %s", tc.key, tc.v, g, tc.want)
		}
	}
}

func jsonEncode(b *bytes.Buffer, v any) error {
	return json.NewEncoder(b).Encode(v)
}
