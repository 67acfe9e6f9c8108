package app

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/rs/zerolog"
)

// go-redis's log lines come out as JSON log lines (issue 13 point 11):
// its default logger printed plain text into the JSON log.
func TestRedisLoggerWritesJSON(t *testing.T) {
	var buf bytes.Buffer
	redisLogger{zerolog.New(&buf)}.Printf(context.Background(), "redis: connection pool: failed to dial after %d attempts: %v\n", 5, "dial tcp 127.0.0.1:1: connect: connection refused")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("not a JSON line: %q", buf.Bytes())
	}
	if line["level"] != "warn" || line["component"] != "go-redis" || line["message"] != "redis: connection pool: failed to dial after 5 attempts: dial tcp 127.0.0.1:1: connect: connection refused" {
		t.Errorf("line %v", line)
	}
}
