package fakeotrs

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// hangBound only keeps a broken test from hanging: no assertion is made
// on how long anything takes.
const hangBound = 20 * time.Second

// The ticket reads hold the store for reading only (issue 13 point 10):
// with the one exclusive lock, a slow search stalled every client of the
// demo. Here a reader holds the store (as a slow search would) while a
// search and a TicketGet run through HTTP: they must get their answers.
func TestTicketReadsRunBesideAReader(t *testing.T) {
	o, srv := start(t, NewStore())
	sess := callGI(t, http.MethodPost, srv.URL+StockWebservicePath+"/Session", map[string]any{"UserLogin": "demo", "Password": "demo"})
	sid, _ := sess["SessionID"].(string)
	if sid == "" {
		t.Fatalf("SessionCreate: %v", sess)
	}
	tests := []struct {
		name, method, route, body, key string
	}{
		{"TicketSearch", http.MethodPost, "/TicketSearch", `{"SessionID":"` + sid + `"}`, "TicketID"},
		{"TicketGet", http.MethodGet, "/Ticket/1?SessionID=" + sid, "", "Ticket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan map[string]any, 1)
			o.Store.Read(func(*Store) {
				go func() {
					req, _ := http.NewRequest(tt.method, srv.URL+StockWebservicePath+tt.route, strings.NewReader(tt.body))
					req.Header.Set("Content-Type", "application/json")
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Error(err)
						done <- nil
						return
					}
					defer resp.Body.Close()
					var out map[string]any
					_ = json.NewDecoder(resp.Body).Decode(&out)
					done <- out
				}()
				select {
				case out := <-done:
					if out[tt.key] == nil {
						t.Errorf("answer %v, want %s", out, tt.key)
					}
				case <-time.After(hangBound):
					t.Errorf("%s waited for the reader holding the store", tt.name)
				}
			})
		})
	}
}

// Shutdown returns once its context ends even while a request is stuck
// in a handler (issue 13 point 10: SIGTERM waited for the fake), and the
// stuck request's connection is closed.
func TestShutdownIsBounded(t *testing.T) {
	o, srv := start(t, NewStore())
	stuck := make(chan struct{})
	answered := make(chan error, 1)
	o.Store.Mu.Lock() // the request below waits for it, as behind a slow write
	defer func() {
		select {
		case <-stuck:
		default:
			o.Store.Mu.Unlock()
		}
	}()
	go func() {
		resp, err := http.Post(srv.URL+StockWebservicePath+"/Session", "application/json", strings.NewReader(`{"UserLogin":"demo","Password":"demo"}`))
		if err == nil {
			resp.Body.Close()
		}
		answered <- err
	}()
	// Wait until the request is in the handler: the server then has an
	// active connection (polled, not timed).
	for deadline := time.Now().Add(hangBound); ; time.Sleep(5 * time.Millisecond) {
		if srv.active() > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the request never reached the handler")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- srv.Shutdown(ctx) }()
	if came, err := await(shut); !came {
		t.Fatal("Shutdown waited for the stuck handler")
	} else if err == nil {
		t.Error("Shutdown with a request stuck in flight returned nil, want the deadline's error")
	}
	if came, err := await(answered); !came {
		t.Error("the stuck request's connection stayed open")
	} else if err == nil {
		t.Error("the stuck request got an answer; want its connection closed")
	}
	o.Store.Mu.Unlock()
	close(stuck)
}

// await waits up to hangBound for ch: whether it came, and what.
func await(ch <-chan error) (came bool, err error) {
	select {
	case err := <-ch:
		return true, err
	case <-time.After(hangBound):
		return false, nil
	}
}
