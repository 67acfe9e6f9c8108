package proxy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
	"github.com/rs4otrs/rs4otrs-proxy/internal/proxy"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// cuttingOTRS serves the fake OTRS, but a TicketGet answer that carries
// attachment contents is cut in the middle of the content, as when OTRS
// or a proxy in between dies mid-answer. The headers promise the whole
// answer; the connection ends early. noSize also drops FilesizeRaw from
// every answer, so that the proxy sends the file without Content-Length.
type cuttingOTRS struct {
	fake   http.Handler
	cut    bool
	noSize bool
}

var filesizeRaw = regexp.MustCompile(`,"FilesizeRaw":"?[0-9]+"?|"FilesizeRaw":"?[0-9]+"?,`)

func (c cuttingOTRS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	c.fake.ServeHTTP(rec, r)
	out := rec.Body.Bytes()
	if c.noSize {
		out = filesizeRaw.ReplaceAll(out, nil)
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(rec.Code)
	if i := bytes.Index(out, []byte(`"Content":"iVBOR`)); c.cut && i >= 0 {
		// net/http ends the connection: fewer bytes than promised.
		w.Write(out[:i+len(`"Content":"`)+40])
		return
	}
	w.Write(out)
}

// TestTruncatedAttachment: an attachment whose upstream answer is cut
// mid-content must not reach the client as a complete 200: the proxy
// ends the connection, so the client's request or read fails. On main
// before this change, an answer without FilesizeRaw went out as a clean
// 200 with Content-Length 0 and no body, whole or cut (with the size,
// net/http already ended a short answer's connection).
func TestTruncatedAttachment(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cut, noSize bool
	}{
		{"whole", false, false},
		{"whole-no-size", false, true},
		{"cut", true, false},
		{"cut-no-size", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := fakeotrs.NewStore()
			up := httptest.NewServer(cuttingOTRS{fake: fakeotrs.New(store), cut: tc.cut, noSize: tc.noSize})
			defer up.Close()
			client, err := gi.New(gi.Config{URL: up.URL + fakeotrs.StockWebservicePath, Timeout: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			tok, err := client.SessionCreate(context.Background(), "agent.full", "AgentFull123!")
			if err != nil {
				t.Fatal(err)
			}
			cat := fakeotrs.NewCatalog(store)
			ap := &api.API{GI: client, Catalog: cat, Perms: perms.New(cat, time.Minute), Sessions: session.NewManager(client, nil, session.Config{})}
			srv := httptest.NewServer(proxy.New(proxy.Config{Prefix: "/otrs/api", Log: zerolog.Nop()}, ap).Handler())
			defer srv.Close()

			body, _ := json.Marshal(map[string]any{"OTRSAgentInterface": tok, "TicketID": 5, "FileID": 1})
			resp, err := http.Post(srv.URL+"/otrs/api/tickets/getAttachment", "application/json", bytes.NewReader(body))
			if err != nil {
				if tc.cut {
					return // the connection ended before the headers: an error too
				}
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" {
				t.Fatalf("HTTP %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
			}
			if tc.cut {
				if err == nil {
					t.Errorf("a cut attachment read as complete: %d bytes, Content-Length %q", len(b), resp.Header.Get("Content-Length"))
				}
				return
			}
			if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
				t.Errorf("whole attachment: %d bytes, %v", len(b), err)
			}
		})
	}
}
