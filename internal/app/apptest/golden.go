package apptest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// Golden compares got (a JSON answer) with testdata/<name>.golden.json,
// both indented the same way; with -update it rewrites the file.
func Golden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, got, "", "  "); err != nil {
		tb.Fatalf("golden %s: answer is not JSON: %v\n%s", name, err, got)
	}
	buf.WriteByte('\n')
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("golden %s: %v (run go test -update to create it)", name, err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		tb.Errorf("golden %s differs (-update rewrites it)\n--- want\n%s\n--- got\n%s", name, want, buf.Bytes())
	}
}
