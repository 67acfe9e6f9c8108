package proxy

import (
	"mime"
	"testing"
)

func TestContentDisposition(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"error-dialog.png", `attachment; filename="error-dialog.png"`},
		{"Größe.txt", `attachment; filename="Gr__e.txt"; filename*=UTF-8''Gr%C3%B6%C3%9Fe.txt`},
		{`a "b".txt`, `attachment; filename="a _b_.txt"; filename*=UTF-8''a%20%22b%22.txt`},
		{"", "attachment"},
	} {
		got := contentDisposition(tc.name)
		if got != tc.want {
			t.Errorf("%q: %s, want %s", tc.name, got, tc.want)
		}
		// A standard parser reads the original name back (RFC 2231/8187).
		if _, params, err := mime.ParseMediaType(got); err != nil || (tc.name != "" && params["filename"] != tc.name) {
			t.Errorf("%q: parsed back as %q (%v)", tc.name, params["filename"], err)
		}
	}
}
