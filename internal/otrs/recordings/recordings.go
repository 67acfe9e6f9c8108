// Package recordings holds the exchanges recorded from real, unmodified
// OTRS systems (Znuny 6.5.4 and 7.0.9, ((OTRS)) CE 6.0.41, OTOBO 11): a
// verbatim copy of the team's otrs-recordings, kept in one place so that
// every replay test, of the clients and of the fake alike, reads the same
// files. data/README.md describes each folder and the record format.
//
// Only tests import this package.
package recordings

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"testing"
)

//go:embed all:data
var data embed.FS

// FS returns the recordings, rooted like otrs-recordings: gi/…, web/…,
// soap/…, real2/znuny65/…, real2/proxy-traffic/otrs60/upstream/….
func FS() fs.FS {
	sub, err := fs.Sub(data, "data")
	if err != nil {
		panic(err) // the embedded folder is named above
	}
	return sub
}

// Glob returns the names matching pattern (path.Match syntax), sorted.
func Glob(tb testing.TB, pattern string) []string {
	tb.Helper()
	names, err := fs.Glob(FS(), pattern)
	if err != nil {
		tb.Fatalf("recordings: %s: %v", pattern, err)
	}
	sort.Strings(names)
	return names
}

// Read returns one file's bytes.
func Read(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := fs.ReadFile(FS(), name)
	if err != nil {
		tb.Fatalf("recordings: %v", err)
	}
	return b
}

// One returns the name of the single file in dir whose name starts with
// prefix (e.g. One(t, "gi", "020") for gi/020-TicketCreate-minimal.json).
func One(tb testing.TB, dir, prefix string) string {
	tb.Helper()
	m := Glob(tb, path.Join(dir, prefix+"*"))
	if len(m) != 1 {
		tb.Fatalf("recordings: %s/%s*: found %d files", dir, prefix, len(m))
	}
	return m[0]
}
