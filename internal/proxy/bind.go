package proxy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
)

// errBadBody is a body the proxy cannot read as JSON or a form.
var errBadBody = errors.New("malformed request body")

// bindParams merges the query string and the body (JSON or form) into one
// parameter set; body values win over query values of the same name.
func bindParams(c echo.Context) (api.Params, error) {
	p := api.Params{}
	addValues(p, c.QueryParams())
	req := c.Request()
	if req.Method != http.MethodPost && req.Method != http.MethodPut {
		return p, nil
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return p, nil
	}
	ct, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	looksJSON := bytes.TrimSpace(body)[0] == '{'
	switch {
	case ct == "application/x-www-form-urlencoded" && !looksJSON:
		// A JSON object sent with curl's default form content type is
		// still JSON.
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errBadBody, err)
		}
		addValues(p, form)
	case ct == "multipart/form-data":
		req.Body = io.NopCloser(bytes.NewReader(body))
		if err := req.ParseMultipartForm(32 << 20); err != nil {
			return nil, fmt.Errorf("%w: %v", errBadBody, err)
		}
		addValues(p, req.MultipartForm.Value)
	default:
		// JSON is the normal way; clients that send it without a content
		// type (or as text/plain) are served too, as the original was.
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			return nil, fmt.Errorf("%w: %v", errBadBody, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("%w: trailing data after the JSON object", errBadBody)
		}
		for k, v := range obj {
			p[k] = v
		}
	}
	return p, nil
}

// addValues adds query or form values: one value stays a string, repeated
// keys become a list, and "Name[]" is read as "Name".
func addValues(p api.Params, vals url.Values) {
	for k, vs := range vals {
		k = strings.TrimSuffix(k, "[]")
		if prev, ok := p[k].([]string); ok {
			vs = append(prev, vs...)
		} else if prev, ok := p[k].(string); ok {
			vs = append([]string{prev}, vs...)
		}
		if len(vs) == 1 {
			p[k] = vs[0]
		} else {
			p[k] = vs
		}
	}
}

// maxTokenLen is more than any OTRS SessionID can be: OTRS makes one of
// its SystemID (a number, at most a few digits) and 32 random characters
// of [A-Za-z0-9] (Kernel/System/AuthSession/DB.pm, CreateSessionID;
// Znuny and OTOBO alike).
const maxTokenLen = 128

// errTokenForm is the log's cause for a token refused by its form alone.
var errTokenForm = errors.New("token is not a SessionID: too long or not alphanumeric")

// tokenForm reports whether token could be an OTRS SessionID. Anything
// else ("." and "..", a path, a 32 KB string) is refused before any call
// to OTRS: it cannot name a session, and must not travel into GI's URLs.
func tokenForm(token string) bool {
	if token == "" || len(token) > maxTokenLen {
		return false
	}
	for i := 0; i < len(token); i++ {
		c := token[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}
