package openapi_test

import (
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/openapi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/openapi/openapitest"
)

// The served document is valid OpenAPI 3.1: a client generator reads it
// without complaint ("parameters": null once made it refuse the file).
func TestDocumentValidates(t *testing.T) {
	if err := openapitest.ValidateDocument(); err != nil {
		t.Fatal(err)
	}
	paths, err := openapi.Paths()
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 40 {
		t.Errorf("%d paths, want the contract's 40", len(paths))
	}
}

// The answer schemas accept the contract's shapes and refuse a wrong type,
// a key a handler invents and a broken envelope.
func TestAnswerSchemas(t *testing.T) {
	for _, tc := range []struct {
		name, method, body string
		ok                 bool
	}{
		{"error", "/tickets/updateTitle", `{"Response":"ERROR","Message":"No permission"}`, true},
		{"ok", "/tickets/createTicket", `{"Response":"OK","TicketID":238}`, true},
		{"id as string", "/tickets/createTicket", `{"Response":"OK","TicketID":"238"}`, false},
		{"invented key", "/tickets/createTicket", `{"Response":"OK","TicketID":238,"Ticket":1}`, false},
		{"error without message", "/tickets/updateTitle", `{"Response":"ERROR"}`, false},
		{"empty string is null", "/settings/getLanguageList", `{"Response":"OK","Languages":[{"ID":"hi","Name":null}]}`, true},
		{"count alternative", "/tickets/getTicketList", `{"Response":"OK","NeedTokenUpdate":0,"Count":5}`, true},
		{"bad count", "/tickets/getTicketList", `{"Response":"OK","NeedTokenUpdate":0,"Count":"5"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := openapitest.ValidateAnswer(tc.method, 200, "application/json; charset=UTF-8", []byte(tc.body))
			if (err == nil) != tc.ok {
				t.Errorf("valid=%v, want %v: %v", err == nil, tc.ok, err)
			}
		})
	}
}
