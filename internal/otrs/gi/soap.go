package gi

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// SOAPNamespace is the namespace of the stock GenericTicketConnectorSOAP.
const SOAPNamespace = "http://www.otrs.org/TicketConnector/"

const soapEnvNS = "http://schemas.xmlsoap.org/soap/envelope/"

// SOAP is the transport of OTRS's stock GenericTicketConnectorSOAP web
// service (development/webservices/GenericTicketConnectorSOAP.yml): every
// operation is a POST of a SOAP 1.1 envelope to the web service URL. That
// web service has no SessionRemove.
var SOAP Transport = soapTransport{}

type soapTransport struct{}

// SOAPAction is the header value OTRS accepts for op. The WSDL's own
// form (namespace without '#') is refused by OTRS (recordings soap/003).
func SOAPAction(op Op) string { return `"` + SOAPNamespace + "#" + string(op) + `"` }

// SOAPLists names the response elements that are lists, as
// "Parent/Child". In SOAP a list is a repeated element and one element
// looks like a scalar, so the decoder must know them. They follow the
// WSDL, plus TicketSearchResponse/TicketID, which the WSDL forgets.
// DynamicField/Value is left out on purpose: a single value stays a
// string, as REST sends it, and several become a list.
var SOAPLists = map[string]bool{
	"TicketGetResponse/Ticket":               true,
	"Ticket/Article":                         true,
	"Ticket/DynamicField":                    true,
	"Article/DynamicField":                   true,
	"Article/Attachment":                     true,
	"TicketSearchResponse/TicketID":          true,
	"TicketHistoryGetResponse/TicketHistory": true,
	"TicketHistory/History":                  true,
	"SessionGetResponse/SessionData":         true,
}

func (soapTransport) request(ctx context.Context, base string, op Op, params map[string]any) (*retryableRequest, error) {
	if op == OpSessionRemove {
		return nil, fmt.Errorf("GenericTicketConnectorSOAP has no SessionRemove: %w", ErrNotFound)
	}
	if id, ok := params["TicketID"].(string); ok && strings.Contains(id, ",") && (op == OpTicketGet || op == OpTicketHistoryGet) {
		// The client joins ids for REST's path; SOAP repeats the element
		// (recordings soap/023).
		params["TicketID"] = strings.Split(id, ",")
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` +
		`<soapenv:Envelope xmlns:soapenv="` + soapEnvNS + `" xmlns:tic="` + SOAPNamespace + `"><soapenv:Body><tic:`)
	b.WriteString(string(op))
	b.WriteByte('>')
	if err := writeSOAPFields(&b, reflect.ValueOf(params)); err != nil {
		return nil, fmt.Errorf("encode %s: %w", op, err)
	}
	b.WriteString(`</tic:` + string(op) + `></soapenv:Body></soapenv:Envelope>`)
	req, err := newRequest(ctx, http.MethodPost, base, bytes.NewReader(b.Bytes()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/xml; charset=UTF-8")
	req.Header.Set("Accept", "text/xml")
	req.Header.Set("SOAPAction", SOAPAction(op))
	return req, nil
}

// writeSOAPFields writes a map's entries as elements, in name order.
func writeSOAPFields(b *bytes.Buffer, m reflect.Value) error {
	keys := m.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		if err := writeSOAPValue(b, k.String(), m.MapIndex(k)); err != nil {
			return err
		}
	}
	return nil
}

// writeSOAPValue writes v as element name: a list as repeated elements, a
// map as nested elements. Like the REST query string, a false or a Go int
// 0 is left out: OTRS reads both as "not set".
func writeSOAPValue(b *bytes.Buffer, name string, v reflect.Value) error {
	for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	var text string
	switch v.Kind() {
	case reflect.Invalid:
		return nil
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if err := writeSOAPValue(b, name, v.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return fmt.Errorf("%s: map key %s", name, v.Type().Key())
		}
		b.WriteString("<tic:" + name + ">")
		if err := writeSOAPFields(b, v); err != nil {
			return err
		}
		b.WriteString("</tic:" + name + ">")
		return nil
	case reflect.Struct:
		// Structs go through their JSON form, as REST sends them.
		raw, err := json.Marshal(v.Interface())
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return writeSOAPValue(b, name, reflect.ValueOf(m))
	case reflect.Bool:
		if !v.Bool() {
			return nil
		}
		text = "1"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.Int() == 0 && v.Kind() == reflect.Int {
			return nil
		}
		text = strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		text = strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		text = strconv.FormatFloat(v.Float(), 'f', -1, 64)
	case reflect.String:
		text = v.String()
	default:
		return fmt.Errorf("%s: cannot encode %s", name, v.Kind())
	}
	b.WriteString("<tic:" + name + ">")
	if err := xml.EscapeText(b, []byte(text)); err != nil {
		return err
	}
	b.WriteString("</tic:" + name + ">")
	return nil
}

// xmlNode is one element of a decoded SOAP answer.
type xmlNode struct {
	name     string
	nil      bool
	attrs    []xml.Attr
	text     []byte
	children []*xmlNode
}

// parseXML reads a whole document into a tree of elements (local names;
// OTRS uses one namespace).
func parseXML(raw []byte) (*xmlNode, error) {
	d := xml.NewDecoder(bytes.NewReader(raw))
	root := &xmlNode{}
	stack := []*xmlNode{root}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: t.Name.Local, attrs: t.Attr}
			for _, a := range t.Attr {
				if a.Name.Local == "nil" && a.Value == "true" {
					n.nil = true
				}
			}
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text = append(top.text, t...)
		}
	}
	if len(stack) != 1 || len(root.children) != 1 {
		return nil, errors.New("not one XML document")
	}
	return root.children[0], nil
}

func (n *xmlNode) child(name string) *xmlNode {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// value turns an element into what the REST answer holds at that place:
// an object, a string, or nil; lists by SOAPLists or repetition.
func (n *xmlNode) value() any {
	if n.nil {
		return nil
	}
	if len(n.children) == 0 {
		return string(n.text)
	}
	counts := make(map[string]int, len(n.children))
	for _, c := range n.children {
		counts[c.name]++
	}
	m := make(map[string]any, len(counts))
	for _, c := range n.children {
		v := c.value()
		if SOAPLists[n.name+"/"+c.name] || counts[c.name] > 1 {
			l, _ := m[c.name].([]any)
			m[c.name] = append(l, v)
		} else {
			m[c.name] = v
		}
	}
	return m
}

// decode reads a SOAP answer. Operation errors come with 200 inside the
// normal wrapper; transport errors are 500 with a Fault (in OTRS's
// namespace) or plain text.
func (soapTransport) decode(op Op, status int, raw []byte, out any) error {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '<' {
		return transportError(op, status, string(raw), status == http.StatusNotFound)
	}
	doc, err := parseXML(trimmed)
	if err != nil {
		return fmt.Errorf("%s: HTTP %d: decode answer: %v: %w", op, status, err, ErrTransport)
	}
	body := doc.child("Body")
	if doc.name != "Envelope" || body == nil || len(body.children) != 1 {
		return fmt.Errorf("%s: HTTP %d: no SOAP body: %w", op, status, ErrTransport)
	}
	answer := body.children[0]
	if answer.name == "Fault" {
		msg := ""
		if fs := answer.child("faultstring"); fs != nil {
			msg = string(fs.text)
		}
		return transportError(op, status, msg, strings.Contains(msg, "OperationType"))
	}
	if answer.name != string(op)+"Response" {
		return fmt.Errorf("%s: HTTP %d: answer %s: %w", op, status, answer.name, ErrTransport)
	}
	if e := answer.child("Error"); e != nil {
		code, msg := e.child("ErrorCode"), e.child("ErrorMessage")
		if code != nil && msg != nil {
			return fmt.Errorf("%s: %w", op, NewError(string(code.text), string(msg.text)))
		}
	}
	if status != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d: %w", op, status, ErrTransport)
	}
	if out == nil {
		return nil
	}
	v := answer.value()
	if _, ok := v.(map[string]any); !ok {
		v = map[string]any{} // <TicketSearchResponse xsi:nil="true" />: no result
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("%s: decode answer: %v: %w", op, err, ErrTransport)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s: decode answer: %v: %w", op, err, ErrTransport)
	}
	return nil
}

// attachment reads the whole SOAP answer and decodes the one Content
// element at ref as it is read. XML has no cheap way to skip an element
// unread, so the encoded answer is held in memory (bounded by
// maxAnswer), the decoded file is not. The SessionID went in the
// envelope, as with every SOAP call.
func (t soapTransport) attachment(status int, body io.Reader, ref AttachmentRef) (io.Reader, error) {
	raw, err := io.ReadAll(io.LimitReader(body, maxAnswer+1))
	if err != nil {
		return nil, fmt.Errorf("read answer: %w", err)
	}
	if len(raw) > maxAnswer {
		return nil, fmt.Errorf("answer larger than %d bytes", maxAnswer)
	}
	var out struct {
		Ticket []struct {
			Article []struct {
				Attachment []struct{ Content Text }
			}
		}
	}
	if err := t.decode(OpTicketGet, status, raw, &out); err != nil {
		return nil, err
	}
	if len(out.Ticket) == 0 || ref.ArticleIndex >= len(out.Ticket[0].Article) {
		return nil, ErrNoSuchAttachment
	}
	atts := out.Ticket[0].Article[ref.ArticleIndex].Attachment
	if ref.AttachmentIndex >= len(atts) {
		return nil, ErrNoSuchAttachment
	}
	return base64.NewDecoder(base64.StdEncoding, strings.NewReader(string(atts[ref.AttachmentIndex].Content))), nil
}
