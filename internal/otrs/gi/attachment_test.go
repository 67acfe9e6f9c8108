package gi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

func serve(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(Config{URL: srv.URL + "/ws"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAttachmentContentRecorded streams the PNG out of a recorded
// TicketGet answer (gi/083) and reads OTRS's AccessDenied (gi/090).
func TestAttachmentContentRecorded(t *testing.T) {
	png := loadRecording(t, "083")
	c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("ArticleLimit") != "1" || q.Get("GetAttachmentContents") != "1" || q.Get("HTMLBodyAsAttachment") != "1" {
			t.Errorf("query %v", q)
		}
		w.Write(png.Response.Body)
	})
	rc, err := c.AttachmentContent(context.Background(), "sid", 5, AttachmentRef{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==")
	if !bytes.Equal(got, want) {
		t.Errorf("content %x, want %x", got, want)
	}

	_, err = c.AttachmentContent(context.Background(), "sid", 5, AttachmentRef{AttachmentIndex: 1})
	if !errors.Is(err, ErrNoSuchAttachment) {
		t.Errorf("second attachment: %v, want ErrNoSuchAttachment", err)
	}

	denied := loadRecording(t, "090")
	c = serve(t, func(w http.ResponseWriter, r *http.Request) { w.Write(denied.Response.Body) })
	_, err = c.AttachmentContent(context.Background(), "sid", 9, AttachmentRef{})
	if !errors.Is(err, ErrAccessDenied) {
		t.Errorf("restricted ticket: %v, want ErrAccessDenied", err)
	}
}

// TestAttachmentContentKeyOrder: Perl writes keys in any order, escapes
// slashes at will and may break base64 lines; positions still find the file.
func TestAttachmentContentKeyOrder(t *testing.T) {
	body := `{"Ticket":[{"Title":"x","Article":[{"Attachment":[{"FileID":"1","Content":"b3RoZXI="}],"ArticleID":1},` +
		`{"Body":"a \"quoted\" [body] {x}","Attachment":[{"Filename":"a.txt","Content":"aGVs\/bG8=\n","Nested":{"a":[1,2,{"b":null}]},"FileID":"1"},` +
		`{"Content":"c2Vjb25kIGZpbGUgd2l0aCBcL3NsYXNoZXM=","FileID":2}]}],"TicketID":5}]}`
	body = strings.Replace(body, `aGVs\/bG8=`, base64.StdEncoding.EncodeToString([]byte("hel?>lo")), 1)
	c := serve(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) })
	for _, tc := range []struct {
		ref  AttachmentRef
		want string
	}{
		{AttachmentRef{0, 0}, "other"},
		{AttachmentRef{1, 0}, "hel?>lo"},
		{AttachmentRef{1, 1}, `second file with \/slashes`},
	} {
		rc, err := c.AttachmentContent(context.Background(), "sid", 5, tc.ref)
		if err != nil {
			t.Fatalf("%v: %v", tc.ref, err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || string(got) != tc.want {
			t.Errorf("%v: %q, %v; want %q", tc.ref, got, err, tc.want)
		}
	}
}

// TestAttachmentContentStreams downloads a 50 MiB attachment (issue 16
// point 5; getAttachment then copies it to the client with io.Copy) and
// checks that the client allocated far less than the file: it is never
// held.
func TestAttachmentContentStreams(t *testing.T) {
	const size = 50 << 20
	content := func(w io.Writer) {
		block := bytes.Repeat([]byte("0123456789abcdef"), 4096)
		for n := 0; n < size; n += len(block) {
			w.Write(block)
		}
	}
	c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"Ticket":[{"Article":[{"Attachment":[{"FileID":"1","Content":"`)
		enc := base64.NewEncoder(base64.StdEncoding, w)
		content(enc)
		enc.Close()
		io.WriteString(w, `","Filename":"big.bin"}]}]}]}`)
	})
	want := sha256.New()
	content(want)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rc, err := c.AttachmentContent(context.Background(), "sid", 5, AttachmentRef{})
	if err != nil {
		t.Fatal(err)
	}
	got := sha256.New()
	n, err := io.Copy(got, rc)
	rc.Close()
	runtime.ReadMemStats(&after)
	if err != nil || n != size {
		t.Fatalf("copied %d bytes, %v", n, err)
	}
	if !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
		t.Error("content differs")
	}
	// The server side (same process) and the copy buffers allocate a
	// little; holding the file would allocate more than its size.
	t.Logf("%s file: %s allocated (server side included), heap %s before, %s after", mib(size), mib(after.TotalAlloc-before.TotalAlloc), mib(before.HeapAlloc), mib(after.HeapAlloc))
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/4 {
		t.Errorf("allocated %s for a %s file", mib(alloc), mib(size))
	}
}

func mib(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
