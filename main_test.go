package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRunDemo starts the program as `make run` does, with no OTRS
// configured, logs in with the printed demo login, and shuts it down.
func TestRunDemo(t *testing.T) {
	t.Setenv("RS4OTRS_LISTEN", "127.0.0.1:0")
	t.Setenv("RS4OTRS_DATA_DIR", t.TempDir())
	t.Setenv("RS4OTRS_OTRS_URL", "")
	t.Setenv("RS4OTRS_DEMO", "true")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, w, io.Discard); w.Close() }()

	api := regexp.MustCompile(`API: (http://\S+)`)
	var base string
	lines := bufio.NewScanner(out)
	for base == "" && lines.Scan() {
		if m := api.FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("no API URL printed; run returned %v", <-done)
	}
	go io.Copy(io.Discard, out)

	resp, err := http.Post(base+"/auth/login", "application/json", strings.NewReader(`{"User":"demo","Password":"demo"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"Response":"OK"`) {
		t.Fatalf("demo login: %s", b)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not shut down")
	}
}

func TestRunRefusesBadConfig(t *testing.T) {
	t.Setenv("RS4OTRS_DEMO", "true")
	t.Setenv("RS4OTRS_LISTEN", "nonsense")
	err := run(context.Background(), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "RS4OTRS_LISTEN") {
		t.Fatalf("run = %v, want an error naming RS4OTRS_LISTEN", err)
	}
}
