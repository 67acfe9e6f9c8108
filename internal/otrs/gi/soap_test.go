package gi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/recordings"
)

func loadSOAPRecording(t *testing.T, name string) recordings.SOAP {
	t.Helper()
	return loadJSON[recordings.SOAP](t, "soap", name)
}

// soapFields decodes the operation element of a SOAP request.
func soapFields(t *testing.T, body []byte) (op string, fields map[string]any) {
	t.Helper()
	doc, err := parseXML(body)
	if err != nil {
		t.Fatalf("request is not XML: %v", err)
	}
	b := doc.child("Body")
	if b == nil || len(b.children) != 1 {
		t.Fatalf("request has no SOAP body")
	}
	fields, _ = b.children[0].value().(map[string]any)
	return b.children[0].name, fields
}

// replaySOAP serves one recorded SOAP answer and checks that the client
// sent the recorded operation, a SOAPAction OTRS accepts, and every
// element the recorded request had, with the same value.
func replaySOAP(t *testing.T, rec recordings.SOAP) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		op, got := soapFields(t, body)
		wantOp, want := soapFields(t, []byte(rec.Request.Body))
		if r.Method != http.MethodPost || op != wantOp {
			t.Errorf("request %s %s, recorded POST %s", r.Method, op, wantOp)
		}
		if sa := r.Header.Get("SOAPAction"); sa != SOAPAction(Op(op)) {
			t.Errorf("SOAPAction %s", sa)
		}
		for k, v := range want {
			if k == "SessionID" || k == "Password" || k == "UserLogin" {
				continue // the tests pass placeholders
			}
			if !contains(got[k], v) {
				t.Errorf("element %s = %#v, recorded %#v", k, got[k], v)
			}
		}
		w.Header().Set("Content-Type", rec.Response.ContentType)
		w.WriteHeader(rec.Response.Status)
		w.Write([]byte(rec.Response.Body))
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{URL: srv.URL + "/ws", Transport: SOAP})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSOAPReplayErrors(t *testing.T) {
	ctx := context.Background()
	tests := []errorCase{
		{"002-SessionCreate-bad-password", func(c *Client) error {
			_, err := c.SessionCreate(ctx, "agent.full", "wrong")
			return err
		}, ErrInvalidSession, "SessionCreate.AuthFail"},
		{"010-SessionGet-SessionGet-invalid", func(c *Client) error {
			_, err := c.SessionGet(ctx, "nope")
			return err
		}, ErrInvalidSession, "SessionGet.SessionInvalid"},
		{"024-TicketGet-access-denied", func(c *Client) error {
			_, err := c.TicketGet(ctx, "s", []int{9}, GetOptions{})
			return err
		}, ErrAccessDenied, "TicketGet.AccessDenied"},
		{"025-TicketGet-bad-session", func(c *Client) error {
			_, err := c.TicketGet(ctx, "s", []int{2}, GetOptions{})
			return err
		}, ErrInvalidSession, "TicketGet.AuthFail"},
		{"041-TicketCreate-missing-Title", func(c *Client) error {
			_, err := c.TicketCreate(ctx, "s", TicketRequest{
				Ticket:  &TicketInput{Queue: "Support", State: "new", Priority: "3 normal", CustomerUser: "jdoe"},
				Article: &ArticleInput{CommunicationChannel: "Internal", SenderType: "agent", Subject: "x", Body: "x", ContentType: "text/plain; charset=utf8"},
			})
			return err
		}, ErrMissingParameter, "TicketCreate.MissingParameter"},
		{"052-TicketUpdate-access-denied", func(c *Client) error {
			_, err := c.TicketUpdate(ctx, "s", 9, TicketRequest{Ticket: &TicketInput{Title: "should fail"}})
			return err
		}, ErrAccessDenied, "TicketUpdate.AccessDenied"},
		{"061-TicketHistoryGet-access-denied", func(c *Client) error {
			_, err := c.TicketHistoryGet(ctx, "s", []int{9})
			return err
		}, ErrAccessDenied, "TicketHistoryGet.AccessDenied"},
		{"070-SessionCreate-malformed-XML", func(c *Client) error {
			_, err := c.SessionCreate(ctx, "u", "p")
			return err
		}, ErrTransport, ""},
		{"071-NoSuchOperation", func(c *Client) error {
			_, err := c.SessionGet(ctx, "s")
			return err
		}, ErrNotFound, ""},
		{"072-SessionCreate-namespace-mismatch", func(c *Client) error {
			_, err := c.SessionCreate(ctx, "u", "p")
			return err
		}, ErrTransport, ""},
	}
	for _, tt := range tests {
		t.Run(tt.recording, func(t *testing.T) {
			rec := loadSOAPRecording(t, tt.recording)
			if strings.HasPrefix(tt.recording, "07") {
				// Transport failures: what was sent does not matter here.
				rec.Request.Body = soapEnvelopeFor(t, tt.call)
			}
			tt.check(t, tt.call(replaySOAP(t, rec)))
		})
	}
}

// soapEnvelopeFor captures the envelope call sends, so a recording of a
// transport failure can be replayed without checking the request.
func soapEnvelopeFor(t *testing.T, call func(*Client) error) string {
	t.Helper()
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	c, err := New(Config{URL: srv.URL, Transport: SOAP})
	if err != nil {
		t.Fatal(err)
	}
	call(c)
	return string(body)
}

func TestSOAPReplayAnswers(t *testing.T) {
	ctx := context.Background()
	t.Run("SessionCreate", func(t *testing.T) {
		id, err := replaySOAP(t, loadSOAPRecording(t, "001-SessionCreate-agent-ok")).SessionCreate(ctx, "agent.full", "AgentFull123!")
		if err != nil || id != "xPpe6MfF1u3FEKnzIyHofrpkkxmn0BDj" {
			t.Fatalf("SessionCreate = %q, %v", id, err)
		}
	})
	t.Run("SessionGet", func(t *testing.T) {
		s, err := replaySOAP(t, loadSOAPRecording(t, "009-SessionGet")).SessionGet(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		if s["UserID"] != "2" || s["UserLogin"] != "agent.full" || s["UserType"] != "User" || s["UserTitle"] != "" {
			t.Errorf("session data %v", s)
		}
	})
	t.Run("TicketGet one ticket is still a list", func(t *testing.T) {
		ts, err := replaySOAP(t, loadSOAPRecording(t, "020-TicketGet-plain")).TicketGet(ctx, "s", []int{2}, GetOptions{})
		if err != nil || len(ts) != 1 || ts[0].TicketID != 2 || ts[0].Title != "Mail server not reachable" || ts[0].QueueID != 5 {
			t.Fatalf("TicketGet = %+v, %v", ts, err)
		}
	})
	t.Run("TicketGet repeated TicketID", func(t *testing.T) {
		ts, err := replaySOAP(t, loadSOAPRecording(t, "023-TicketGet-two-tickets")).TicketGet(ctx, "s", []int{2, 3}, GetOptions{})
		if err != nil || len(ts) != 2 || ts[0].TicketID != 2 || ts[1].TicketID != 3 {
			t.Fatalf("TicketGet = %+v, %v", ts, err)
		}
	})
	t.Run("TicketGet articles and dynamic fields", func(t *testing.T) {
		ts, err := replaySOAP(t, loadSOAPRecording(t, "021-TicketGet-DynamicFields")).TicketGet(ctx, "s", []int{2}, GetOptions{DynamicFields: true, AllArticles: true})
		if err != nil || len(ts) != 1 {
			t.Fatalf("TicketGet = %+v, %v", ts, err)
		}
		tk := ts[0]
		if len(tk.Article) < 2 || tk.Article[0].ArticleID == 0 || tk.Article[0].Bcc != "" {
			t.Errorf("articles %+v", tk.Article)
		}
		fields := map[string]any{}
		for _, f := range tk.DynamicField {
			fields[f.Name] = f.Value
		}
		if fields["Severity"] != "high" || !reflect.DeepEqual(fields["Components"], []any{"mail", "api"}) {
			t.Errorf("dynamic fields %v", fields)
		}
	})
	t.Run("TicketGet one attachment is still a list", func(t *testing.T) {
		ts, err := replaySOAP(t, loadSOAPRecording(t, "022-TicketGet-AllArticles-Attachments")).TicketGet(ctx, "s", []int{5}, GetOptions{DynamicFields: true, AllArticles: true, Attachments: true, GetAttachmentContents: true})
		if err != nil || len(ts) != 1 {
			t.Fatalf("TicketGet = %v, %v", ts, err)
		}
		var files []Attachment
		for _, a := range ts[0].Article {
			files = append(files, a.Attachment...)
		}
		if len(files) != 1 || files[0].Filename != "error-dialog.png" || files[0].FilesizeRaw == 0 || !strings.HasPrefix(string(files[0].Content), "iVBOR") {
			t.Errorf("attachments %+v", files)
		}
	})
	searches := []struct {
		recording string
		q         Search
		want      []int
	}{
		{"030-TicketSearch-Title-wildcard", Search{"Title": "%Printer%"}, []int{12}},
		{"031-TicketSearch-QueueIDs-StateType-Limit", Search{"QueueIDs": []int{5, 6}, "StateType": []string{"open", "new"}, "Limit": 3, "SortBy": "Age", "OrderBy": "Down"}, []int{21, 20, 19}},
		{"032-TicketSearch-DynamicField-Equals", Search{"DynamicField_Severity": map[string]any{"Equals": "high"}}, []int{10, 2}},
		{"033-TicketSearch-CustomerID-one-result", Search{"Title": "Request new laptop"}, []int{4}},
		{"034-TicketSearch-no-results", Search{"Title": "no-such-title-xyz"}, []int{}},
	}
	for _, tt := range searches {
		t.Run(tt.recording, func(t *testing.T) {
			ids, err := replaySOAP(t, loadSOAPRecording(t, tt.recording)).TicketSearch(ctx, "s", tt.q)
			if err != nil || !reflect.DeepEqual(ids, tt.want) {
				t.Fatalf("TicketSearch = %v, %v; want %v", ids, err, tt.want)
			}
		})
	}
	t.Run("TicketCreate", func(t *testing.T) {
		rec := loadSOAPRecording(t, "040-TicketCreate-ok")
		in := TicketRequest{
			Ticket:       &TicketInput{Title: "SOAP created ticket", Queue: "Support", State: "new", Priority: "3 normal", CustomerUser: "jdoe"},
			Article:      &ArticleInput{CommunicationChannel: "Internal", SenderType: "agent", Subject: "via SOAP", Body: "Größe <b>not html</b>", ContentType: "text/plain; charset=utf8"},
			DynamicField: []FieldInput{{Name: "Severity", Value: "low"}},
		}
		out, err := replaySOAP(t, rec).TicketCreate(ctx, "s", in)
		if err != nil || out.TicketID != 22 || out.ArticleID != 56 || out.TicketNumber != "2026112610000211" {
			t.Fatalf("TicketCreate = %+v, %v", out, err)
		}
	})
	t.Run("TicketUpdate with attachment", func(t *testing.T) {
		in := TicketRequest{
			Article: &ArticleInput{CommunicationChannel: "Internal", SenderType: "agent", Subject: "attachment via SOAP", Body: "see attachment", ContentType: "text/plain; charset=utf8"},
			Attachment: []AttachmentInput{{
				Content:     "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==",
				ContentType: "image/png", Filename: "tiny.png",
			}},
		}
		out, err := replaySOAP(t, loadSOAPRecording(t, "051-TicketUpdate-Article-with-Attachment")).TicketUpdate(ctx, "s", 22, in)
		if err != nil || out.TicketID != 22 || out.ArticleID != 57 {
			t.Fatalf("TicketUpdate = %+v, %v", out, err)
		}
	})
	t.Run("TicketHistoryGet", func(t *testing.T) {
		h, err := replaySOAP(t, loadSOAPRecording(t, "060-TicketHistoryGet-ok")).TicketHistoryGet(ctx, "s", []int{22})
		if err != nil || len(h) != 1 || h[0].TicketID != 22 || len(h[0].History) < 2 || h[0].History[0].HistoryType != "NewTicket" {
			t.Fatalf("TicketHistoryGet = %+v, %v", h, err)
		}
	})
	t.Run("SessionRemove is not offered", func(t *testing.T) {
		c, _ := New(Config{URL: "http://127.0.0.1:1", Transport: SOAP})
		if err := c.SessionRemove(ctx, "s", "u", "p"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("SessionRemove = %v, want ErrNotFound", err)
		}
	})
}

// TestSOAPListsFollowWSDL checks that every element the WSDL declares
// unbounded in an answer is decoded as a list.
func TestSOAPListsFollowWSDL(t *testing.T) {
	raw := recordings.Read(t, "soap/GenericTicketConnectorSOAP.wsdl")
	doc, err := parseXML(raw)
	if err != nil {
		t.Fatal(err)
	}
	children := map[string]bool{}
	for k := range SOAPLists {
		_, c, _ := strings.Cut(k, "/")
		children[c] = true
	}
	var walk func(n *xmlNode, inAnswer bool)
	walk = func(n *xmlNode, inAnswer bool) {
		name := attr(n, "name")
		if (n.name == "element" || n.name == "complexType") && strings.Contains(name, "Response") {
			inAnswer = true
		}
		if inAnswer && n.name == "element" && attr(n, "maxOccurs") == "unbounded" && name != "Value" && !children[name] {
			t.Errorf("WSDL answer element %s is unbounded but not in SOAPLists", name)
		}
		for _, c := range n.children {
			walk(c, inAnswer)
		}
	}
	walk(doc, false)
}

func attr(n *xmlNode, name string) string {
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// contains reports whether got holds everything in want: maps may have
// more keys (the client sends defaults the recording left out).
func contains(got, want any) bool {
	wm, ok := want.(map[string]any)
	if !ok {
		return reflect.DeepEqual(got, want)
	}
	gm, ok := got.(map[string]any)
	if !ok {
		return false
	}
	for k, v := range wm {
		if !contains(gm[k], v) {
			return false
		}
	}
	return true
}
