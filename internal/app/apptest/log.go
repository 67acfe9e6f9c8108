package apptest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"sync"
)

// LogBuffer is a log sink that the proxy's goroutines may share while a
// test reads what was logged.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String is everything logged since the last Take.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Take returns the JSON lines logged since the last call, decoded, and
// forgets them, so that each step of a test sees only its own lines.
func (l *LogBuffer) Take() []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(&l.b)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil {
			out = append(out, m)
		}
	}
	l.b.Reset()
	return out
}
