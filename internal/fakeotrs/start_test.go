package fakeotrs

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/recordings"
)

// start serves a fake OTRS over store on a
// loopback port, closed when tb ends (fakeotrstest.StartFor for the tests
// of this package, which cannot import it).
func start(tb testing.TB, store *Store) (*OTRS, *Server) {
	tb.Helper()
	o := New(store)
	srv, err := o.Listen("127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	return o, srv
}

// recordedRequest is a request as every recording holds it (GI, agent
// interface; otrs/recordings).
type recordedRequest struct {
	Method  string
	Path    string
	Query   map[string]any
	Headers map[string]string
	Body    json.RawMessage
}

// readRecording decodes the recording file f into v.
func readRecording(t *testing.T, f string, v any) {
	t.Helper()
	if err := json.Unmarshal(recordings.Read(t, f), v); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
}

// noRedirects keeps the agent interface's redirects as its answer.
var noRedirects = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// send sends req to the fake and reads the whole answer.
func send(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// giRequest calls a GI operation with params in the query (GET) or as a
// JSON body, and returns the status and the raw answer.
func giRequest(t *testing.T, method, u string, params map[string]any) (int, string) {
	t.Helper()
	var body io.Reader
	if method == http.MethodGet {
		q := url.Values{}
		for k, v := range params {
			q.Set(k, v.(string))
		}
		u += "?" + q.Encode()
	} else {
		b, _ := json.Marshal(params)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	resp, b := send(t, req)
	return resp.StatusCode, string(b)
}

// callGI calls a GI operation with body as JSON (whatever the method, as
// the recordings do) and decodes the JSON answer.
func callGI(t *testing.T, method, u string, body map[string]any) map[string]any {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	_, b := send(t, req)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	return out
}
