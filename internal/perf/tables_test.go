package perf_test

import (
	"flag"
	"os"
	"testing"
)

// compareTable holds got to the file at path; with -update it writes it.
func compareTable(t *testing.T, path, got string) {
	t.Helper()
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (-update rewrites it)\n--- want\n%s--- got\n%s", path, want, got)
	}
}

// updating reports whether go test -update (apptest's flag) was given.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}
