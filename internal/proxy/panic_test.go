package proxy

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
)

// TestPanicIsA500 shows that a bug that panics (here: no GI client at all)
// answers 500 with the envelope, and the server keeps serving.
func TestPanicIsA500(t *testing.T) {
	s := New(Config{Prefix: "/otrs/api", Log: zerolog.Nop()}, &api.API{})
	for range 2 {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/otrs/api/auth/login", strings.NewReader(`{"User":"a","Password":"b"}`))
		req.Header.Set("Content-Type", "application/json")
		s.Handler().ServeHTTP(rec, req)
		var e struct{ Response, Message string }
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
			t.Fatalf("not an envelope: %q", rec.Body.String())
		}
		if rec.Code != http.StatusInternalServerError || e.Response != "ERROR" || e.Message != api.MsgContactAdmin {
			t.Errorf("got %d %+v", rec.Code, e)
		}
	}
}
