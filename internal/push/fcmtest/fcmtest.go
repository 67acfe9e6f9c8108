// Package fcmtest is a fake FCM HTTP v1 endpoint for tests: it records
// every message sent to it and answers as FCM does, or as a test scripts
// it (UNREGISTERED tokens, 503 with Retry-After...).
package fcmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Received is one request that reached the fake.
type Received struct {
	At      time.Time
	Project string
	Auth    string
	Token   string
	Data    map[string]string
	// Android is the message's android block as sent.
	Android map[string]any
	// Raw is the request body.
	Raw []byte
}

// Reply is a scripted answer: a status, FCM's error code for 4xx/5xx and
// optional headers (Retry-After).
type Reply struct {
	Status    int
	ErrorCode string // UNREGISTERED, INVALID_ARGUMENT, QUOTA_EXCEEDED, UNAVAILABLE, INTERNAL
	Header    http.Header
	// Drop closes the connection without an answer: to the sender, FCM
	// is unreachable (a network error).
	Drop bool
}

// Server is the fake FCM.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	received []Received
	// script maps a token to the replies it gets, in order; the last one
	// repeats. Tokens not scripted get 200.
	script map[string][]Reply
	notify chan struct{}
}

// New starts the fake on 127.0.0.1.
func New() *Server {
	s := &Server{script: map[string][]Reply{}, notify: make(chan struct{}, 1<<16)}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Endpoint is what go-fcm's WithEndpoint takes (FCM's is
// https://fcm.googleapis.com/v1).
func (s *Server) Endpoint() string { return s.URL + "/v1" }

// Script sets the replies a token gets.
func (s *Server) Script(token string, replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script[token] = replies
}

// Received returns a copy of what reached the fake so far.
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Wait blocks until n requests have arrived in total, or the timeout
// passes (then it returns what arrived). It is a bound against hanging,
// not a timing assertion.
func (s *Server) Wait(n int, timeout time.Duration) []Received {
	deadline := time.After(timeout)
	for {
		if got := s.Received(); len(got) >= n {
			return got
		}
		select {
		case <-s.notify:
		case <-deadline:
			return s.Received()
		}
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	// POST /v1/projects/<project>/messages:send
	rest, ok := strings.CutPrefix(r.URL.Path, "/v1/projects/")
	project, _, ok2 := strings.Cut(rest, "/messages:send")
	if r.Method != http.MethodPost || !ok || !ok2 {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	var body struct {
		Message struct {
			Token   string            `json:"token"`
			Data    map[string]string `json:"data"`
			Android map[string]any    `json:"android"`
		} `json:"message"`
	}
	var raw json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil || json.Unmarshal(raw, &body) != nil {
		writeError(w, Reply{Status: 400, ErrorCode: "INVALID_ARGUMENT"})
		return
	}
	s.mu.Lock()
	s.received = append(s.received, Received{At: time.Now(), Project: project, Auth: r.Header.Get("Authorization"),
		Token: body.Message.Token, Data: body.Message.Data, Android: body.Message.Android, Raw: raw})
	reply := Reply{Status: http.StatusOK}
	if rs := s.script[body.Message.Token]; len(rs) > 0 {
		reply = rs[0]
		if len(rs) > 1 {
			s.script[body.Message.Token] = rs[1:]
		}
	}
	n := len(s.received)
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}:
	default:
	}
	if reply.Drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler) // HTTP/2: abort the stream
	}
	for k, v := range reply.Header {
		w.Header()[k] = v
	}
	if reply.Status == http.StatusOK {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"name":"projects/%s/messages/%d"}`, project, n)
		return
	}
	writeError(w, reply)
}

// writeError answers as FCM v1 does: a google.rpc.Status with an FcmError
// detail carrying the error code.
func writeError(w http.ResponseWriter, r Reply) {
	status := map[int]string{400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
		429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}[r.Status]
	body := map[string]any{"error": map[string]any{
		"code": r.Status, "message": "fake FCM: " + r.ErrorCode, "status": status,
		"details": []any{map[string]any{
			"@type":     "type.googleapis.com/google.firebase.fcm.v1.FcmError",
			"errorCode": r.ErrorCode,
		}},
	}}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(r.Status)
	_ = json.NewEncoder(w).Encode(body)
}

// TokenSource is a static OAuth2 token source, so that no Google login
// happens in tests.
func TokenSource() oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "fake-access-token", TokenType: "Bearer"})
}
