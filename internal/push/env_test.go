package push_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push/fcmtest"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

const testSecret = "s3cret"

// env is a push service wired to a fake FCM, a bbolt store and the fake
// OTRS's store (ticket reader and directory), with its intake served on
// 127.0.0.1.
type env struct {
	svc    *push.Service
	fcm    *fcmtest.Server
	store  push.Store
	otrs   *fakeotrs.Store
	intake *httptest.Server
}

func newEnv(tb testing.TB, edit func(*push.Config)) *env {
	tb.Helper()
	fake := fcmtest.New()
	tb.Cleanup(fake.Close)
	sender, err := push.NewFCM(context.Background(), push.FCMConfig{
		ProjectID: "rs4otrs-test", Endpoint: fake.Endpoint(), TokenSource: fcmtest.TokenSource(),
	})
	if err != nil {
		tb.Fatal(err)
	}
	store, err := push.OpenBolt(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	otrs := fakeotrs.NewStore()
	dir := fakeotrs.PushDirectory{S: otrs}
	cfg := push.Config{
		Server: "otrs.example.com", Secret: testSecret, Workers: 4, QueueSize: 100,
		Backoff: 10 * time.Millisecond, Rules: push.DefaultRules, Log: zerolog.New(io.Discard),
	}
	if edit != nil {
		edit(&cfg)
	}
	svc := push.New(cfg, store, sender, dir, dir)
	srv := httptest.NewServer(svc.Handler())
	tb.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		svc.Shutdown(ctx)
		store.Close()
	})
	return &env{svc: svc, fcm: fake, store: store, otrs: otrs, intake: srv}
}

// recorded is one request Znuny sent (testdata/znuny: trimmed copies of
// internal/otrs/recordings/data/push with the secrets overwritten).
type recorded struct {
	Kind    string
	Request struct {
		Method    string
		Path      string
		Headers   [][2]string
		Body      json.RawMessage
		BodyBytes int `json:"body_bytes"`
	}
}

func loadRecorded(tb testing.TB, name string) recorded {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "znuny", name))
	if err != nil {
		tb.Fatal(err)
	}
	var r recorded
	if err := json.Unmarshal(b, &r); err != nil {
		tb.Fatal(err)
	}
	return r
}

// wireBody re-encodes the recorded body the way Znuny's JSON encoder
// wrote it: compact, raw UTF-8, no HTML escaping. Its length matches the
// recorded Content-Length, so the proxy sees the same bytes (but for key
// order, which Perl randomises anyway).
func (r recorded) wireBody(tb testing.TB) []byte {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(r.Request.Body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		tb.Fatal(err)
	}
	body := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if len(body) != r.Request.BodyBytes {
		tb.Fatalf("re-encoded body is %d bytes, Znuny sent %d", len(body), r.Request.BodyBytes)
	}
	return body
}

// post sends the recorded request to the intake with Znuny's headers
// (Host and Content-Length are the transport's), optionally with the
// secret replaced.
func (e *env) post(tb testing.TB, r recorded, path string, header map[string]string) (int, map[string]any) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, e.intake.URL+path, bytes.NewReader(r.wireBody(tb)))
	if err != nil {
		tb.Fatal(err)
	}
	for _, h := range r.Request.Headers {
		switch http.CanonicalHeaderKey(h[0]) {
		case "Host", "Content-Length", "Connection", "Te":
			continue
		}
		req.Header.Set(h[0], h[1])
	}
	req.Header.Set("TE", "deflate,gzip;q=0.3")
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	if len(b) == 0 {
		tb.Fatalf("empty answer body (status %d): Znuny would count the call as failed", resp.StatusCode)
	}
	if err := json.Unmarshal(b, &out); err != nil {
		tb.Fatalf("answer %q is not JSON: %v", b, err)
	}
	return resp.StatusCode, out
}

// postOTRS60 sends body to the intake with basic auth, as OTRS 6.0's
// invoker does, and fails tb unless the intake takes it.
func (e *env) postOTRS60(tb testing.TB, path, body string) {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.intake.URL+path, strings.NewReader(body))
	req.SetBasicAuth("rs4otrs", testSecret)
	if st := status(tb, req); st != http.StatusOK {
		tb.Fatalf("status %d", st)
	}
}

// status sends req and returns the answer's status, its body unread.
func status(tb testing.TB, req *http.Request) int {
	tb.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (e *env) setToken(tb testing.TB, agent int, token string) {
	tb.Helper()
	if err := e.svc.SetToken(context.Background(), agent, token); err != nil {
		tb.Fatal(err)
	}
}

// golden compares v (as indented JSON) with testdata/<name>.golden.json.
func golden(tb testing.TB, name string, v any) {
	tb.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(want, got) {
		tb.Errorf("golden %s differs (-update rewrites it)\n--- want\n%s\n--- got\n%s", name, want, got)
	}
}
