// Package soap is the fake OTRS's SOAP transport: the stock
// GenericTicketConnectorSOAP web service, decoding an envelope into an
// operation's input and encoding its result as Znuny's SOAP provider
// does. The operations are the GenericInterface connector's own (gi).
package soap

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/gi"
)

const soapNamespace = "http://www.otrs.org/TicketConnector/"

// Handler serves the SOAP web service over c's operations. It follows
// the recordings (otrs-recordings/soap): the operation is the Body's first element; a
// SOAPAction, when sent, must be namespace + '#' or '/' + operation; the
// answer is <OpResponse> with children sorted by name, lists as repeated
// elements, empty values self-closing; operation errors are HTTP 200
// inside it; transport errors HTTP 500 text/plain with a Fault in OTRS's
// namespace.
func Handler(c *gi.Connector) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { serve(c, w, r) })
}

func serve(c *gi.Connector, w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 100_000_000))
	if err != nil {
		soapFault(w, "Error while reading request content.")
		return
	}
	op, data, err := soapRequest(body)
	if err != nil {
		// Znuny answers a parse error with plain text (soap/070).
		w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, "Error deserializing message:\n"+err.Error()+"\n")
		return
	}
	if action := strings.Trim(r.Header.Get("SOAPAction"), `"`); action != "" {
		i := strings.LastIndexAny(action, "/#")
		ns, actionOp := action[:max(i, 0)], action[i+1:]
		if ns != soapNamespace {
			soapFault(w, "Namespace from SOAPAction '"+ns+"' does not match namespace from configuration '"+soapNamespace+"'")
			return
		}
		if actionOp != op {
			soapFault(w, "Operation from SOAP data '"+op+"' does not match operation from SOAPAction '"+actionOp+"'")
			return
		}
	}
	impl, ok := c.SOAPOperation(op)
	if !ok {
		soapFault(w, "Got no OperationType!")
		return
	}
	soapWrite(w, r, op, impl(r.Context(), data))
}

// soapRequest decodes the operation element of an envelope into the
// operation's input as OTRS's SOAP transport builds it: repeated
// elements become lists, nested elements hashes.
func soapRequest(body []byte) (string, map[string]any, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	type frame struct {
		name   string
		text   strings.Builder
		values map[string]any
	}
	var stack []*frame
	var op string
	var data map[string]any
	depth, opDepth, inBody := 0, -1, false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 {
				inBody = t.Name.Local == "Body"
			}
			if op == "" && inBody && depth == 3 { // Envelope > Body > Op
				op, opDepth = t.Name.Local, depth
			}
			if opDepth > 0 && depth >= opDepth {
				stack = append(stack, &frame{name: t.Name.Local})
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		case xml.EndElement:
			depth--
			if len(stack) == 0 {
				continue
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			var v any = f.text.String()
			if f.values != nil {
				v = f.values
			}
			if len(stack) == 0 {
				m, _ := v.(map[string]any)
				data = m
				continue
			}
			parent := stack[len(stack)-1]
			if parent.values == nil {
				parent.values = map[string]any{}
			}
			switch prev := parent.values[f.name].(type) {
			case nil:
				parent.values[f.name] = v
			case []any:
				parent.values[f.name] = append(prev, v)
			default:
				parent.values[f.name] = []any{prev, v}
			}
		}
	}
	if op == "" {
		return "", nil, errors.New("no element found")
	}
	if data == nil {
		data = map[string]any{}
	}
	return op, data, nil
}

// soapWrite writes an operation's result as OTRS's SOAP transport does.
func soapWrite(w http.ResponseWriter, r *http.Request, op string, result any) {
	if f, ok := result.(gi.Failure); ok {
		soapFault(w, string(f))
		return
	}
	raw, err := json.Marshal(result)
	if err != nil {
		soapFault(w, "Error while encoding response content.")
		return
	}
	v, err := gi.DecodeJSON(raw)
	if err != nil {
		soapFault(w, "Error while encoding response content.")
		return
	}
	var b bytes.Buffer
	b.WriteString(soapEnvelopeStart)
	m, _ := v.(map[string]any)
	if len(m) == 0 {
		b.WriteString(`<` + op + `Response xmlns="` + soapNamespace + `" xsi:nil="true" />`)
	} else {
		b.WriteString(`<` + op + `Response xmlns="` + soapNamespace + `">`)
		soapFields(&b, m)
		b.WriteString(`</` + op + `Response>`)
	}
	b.WriteString(soapEnvelopeEnd)
	// A request charset makes Znuny echo the request's media type (soap/008).
	ct := "text/xml; charset=UTF-8"
	if mt, _, ok := strings.Cut(r.Header.Get("Content-Type"), ";"); ok && strings.TrimSpace(mt) != "" {
		ct = strings.TrimSpace(mt) + "; charset=UTF-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Connection", "close")
	w.Write(b.Bytes())
}

const (
	soapEnvelopeStart = `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope soap:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>`
	soapEnvelopeEnd   = `</soap:Body></soap:Envelope>`
)

// soapFields writes a hash's entries sorted by name, as SOAP::Lite
// serializes a Perl hash.
func soapFields(b *bytes.Buffer, m map[string]any) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		soapElement(b, k, m[k])
	}
}

func soapElement(b *bytes.Buffer, name string, v any) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			soapElement(b, name, e)
		}
	case map[string]any:
		b.WriteString("<" + name + ">")
		soapFields(b, v)
		b.WriteString("</" + name + ">")
	case nil:
		b.WriteString("<" + name + " />")
	default:
		s := gi.Str(v)
		if s == "" {
			b.WriteString("<" + name + " />")
			return
		}
		b.WriteString("<" + name + ">")
		soapEscape.WriteString(b, s)
		b.WriteString("</" + name + ">")
	}
}

// soapEscape escapes text as SOAP::Lite does: quotes stay as they are.
var soapEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// soapFault is a transport error: HTTP 500, text/plain although the body
// is an envelope, Fault in OTRS's namespace (soap/003, 005, 071).
func soapFault(w http.ResponseWriter, msg string) {
	var b bytes.Buffer
	b.WriteString(soapEnvelopeStart + `<Fault xmlns="` + soapNamespace + `"><faultcode>Server</faultcode><faultstring>`)
	soapEscape.WriteString(&b, msg)
	b.WriteString(`</faultstring></Fault>` + soapEnvelopeEnd)
	w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	w.Header().Set("Connection", "close")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(b.Bytes())
}
