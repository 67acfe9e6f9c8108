package gi

import (
	"errors"
	"testing"
)

// An operation's own failure arrives as a 500 with its text (REST) or a
// Fault (SOAP); TicketCreate's article failures mean the ticket exists.
func TestTransportErrorKinds(t *testing.T) {
	soapFault := func(msg string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Fault xmlns="http://www.otrs.org/TicketConnector/"><faultcode>Server</faultcode><faultstring>` + msg + `</faultstring></Fault></soap:Body></soap:Envelope>`)
	}
	for _, tc := range []struct {
		name string
		tr   Transport
		op   Op
		body []byte
		want error
	}{
		{"rest article", StockRoutes, OpTicketCreate, []byte("Article could not be created, please contact the system administrator"), ErrTicketWithoutArticle},
		{"rest attachment", StockRoutes, OpTicketCreate, []byte("Attachment could not be created, please contact the system administrator"), ErrTicketWithoutArticle},
		{"rest same text on update", StockRoutes, OpTicketUpdate, []byte("Article could not be created, please contact the system administrator"), ErrTransport},
		{"rest unknown route", StockRoutes, OpTicketGet, []byte("HTTP::REST Error while determine Operation for request URI '/Ticket/5'."), ErrNotFound},
		{"rest operation failed", StockRoutes, OpTicketUpdate, []byte("OperationObject returned an error, cancelling Request"), ErrOperationFailed},
		{"rest queue not updated", StockRoutes, OpTicketUpdate, []byte("Ticket queue could not be updated, please contact system administrator!"), ErrOperationFailed},
		{"soap operation failed", SOAP, OpTicketUpdate, soapFault("OperationObject returned an error, cancelling Request"), ErrOperationFailed},
		{"rest other", StockRoutes, OpTicketCreate, []byte("Error while decoding request content."), ErrTransport},
		{"soap article", SOAP, OpTicketCreate, soapFault("Article could not be created, please contact the system administrator"), ErrTicketWithoutArticle},
		{"soap unknown operation", SOAP, OpTicketCreate, soapFault("Got no OperationType!"), ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.tr.decode(tc.op, 500, tc.body, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("decode = %v, want %v", err, tc.want)
			}
		})
	}
}
