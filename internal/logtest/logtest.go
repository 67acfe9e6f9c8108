// Package logtest is a log sink for tests: the code under test writes to
// it from its own goroutines while the test reads what was written.
// It is for tests only; product code never imports it.
package logtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"sync"
	"testing"
)

// Buffer is a bytes.Buffer safe for one writer and one reader at once,
// such as a zerolog.Logger's background workers and the test, or exec's
// copying goroutine and the test. The zero value is ready to use.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Buffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String is everything written since the last Take.
func (l *Buffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Lines decodes the JSON lines written since the last Take; a line that
// is not JSON fails the test, since zerolog writes nothing else.
func (l *Buffer) Lines(tb testing.TB) []map[string]any {
	tb.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	return decode(tb, l.b.Bytes())
}

// Take is Lines that also forgets the lines, so that each step of a test
// sees only its own.
func (l *Buffer) Take(tb testing.TB) []map[string]any {
	tb.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	out := decode(tb, l.b.Bytes())
	l.b.Reset()
	return out
}

func decode(tb testing.TB, b []byte) []map[string]any {
	tb.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			tb.Fatalf("log line %q: %v", sc.Bytes(), err)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("log: %v", err)
	}
	return out
}
