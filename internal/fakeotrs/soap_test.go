package fakeotrs

import (
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/recordings"
)

// TestSOAPTransportReplay sends the recorded SOAP session and transport
// requests (SOAPAction forms, malformed XML, unknown operation) to the
// fake and compares status, content type and fault text with Znuny's.
func TestSOAPTransportReplay(t *testing.T) {
	files := recordings.Glob(t, "soap/*.json")
	if len(files) == 0 {
		t.Fatal("no SOAP recordings")
	}
	_, srv := start(t, NewStore())
	defer srv.Close()
	fault := regexp.MustCompile(`<faultstring>(.*)</faultstring>`)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var rec recordings.SOAP
			readRecording(t, f, &rec)
			req, _ := http.NewRequest(http.MethodPost, srv.URL+SOAPWebservicePath, strings.NewReader(rec.Request.Body))
			for k, v := range rec.Request.Headers {
				req.Header.Set(k, v)
			}
			resp, body := send(t, req)
			if resp.StatusCode != rec.Response.Status || resp.Header.Get("Content-Type") != rec.Response.ContentType {
				t.Errorf("answer %d %s, recorded %d %s", resp.StatusCode, resp.Header.Get("Content-Type"), rec.Response.Status, rec.Response.ContentType)
			}
			want, got := fault.FindStringSubmatch(rec.Response.Body), fault.FindStringSubmatch(string(body))
			if (want == nil) != (got == nil) || (want != nil && want[1] != got[1]) {
				t.Errorf("fault %q, recorded %q", got, want)
			}
			if rec.Response.Status == http.StatusOK && !strings.Contains(string(body), `Response xmlns="http://www.otrs.org/TicketConnector/">`) {
				t.Errorf("answer %s", body)
			}
		})
	}
}
