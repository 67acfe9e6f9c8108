// Package openapitest checks answers against the embedded OpenAPI
// document with a maintained OpenAPI 3.1 library (pb33f's
// libopenapi-validator, which validates schemas with JSON Schema 2020-12,
// the dialect of OpenAPI 3.1; kin-openapi's openapi3 reads 3.0 schemas and
// does not check 3.1's type arrays and const). Tests only.
package openapitest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/rs4otrs/rs4otrs-proxy/internal/openapi"
)

// Prefix is where the document's server serves the methods.
const Prefix = "/otrs/api"

var (
	once    sync.Once
	mu      sync.Mutex // the validator's caches are not documented as safe for concurrent use
	v       validator.Validator
	loadErr error
)

func load() (validator.Validator, error) {
	once.Do(func() {
		doc, err := libopenapi.NewDocument(openapi.JSON)
		if err != nil {
			loadErr = fmt.Errorf("openapi.json: %w", err)
			return
		}
		val, errs := validator.NewValidator(doc)
		if len(errs) > 0 {
			loadErr = fmt.Errorf("openapi.json: %v", errs)
			return
		}
		v = val
	})
	return v, loadErr
}

// ValidateDocument checks the embedded document against the OpenAPI
// schema of its version (3.1).
func ValidateDocument() error {
	val, err := load()
	if err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	if ok, errs := val.ValidateDocument(); !ok {
		return describe(errs)
	}
	return nil
}

// ValidateAnswer checks one answer of method (e.g. "/tickets/updateState")
// against the method's response schema: status, content type, body.
func ValidateAnswer(method string, status int, contentType string, body []byte) error {
	val, err := load()
	if err != nil {
		return err
	}
	req := &http.Request{Method: http.MethodPost, URL: &url.URL{Path: Prefix + method}, Header: http.Header{}}
	resp := &http.Response{
		StatusCode: status,
		Header:     http.Header{"Content-Type": {contentType}},
		Body:       io.NopCloser(bytes.NewReader(body)),
		Request:    req,
	}
	mu.Lock()
	defer mu.Unlock()
	if ok, errs := val.ValidateHttpResponse(req, resp); !ok {
		return describe(errs)
	}
	return nil
}

// Known reports whether the document has method.
func Known(method string) bool {
	paths, err := openapi.Paths()
	if err != nil {
		return false
	}
	for _, p := range paths {
		if p == method {
			return true
		}
	}
	return false
}

func describe(errs []*verrors.ValidationError) error {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "%s: %s", e.Message, e.Reason)
		for _, s := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n    %s at %s", s.Reason, s.FieldPath)
		}
		b.WriteByte('\n')
	}
	return fmt.Errorf("%s", strings.TrimSpace(b.String()))
}
