package fakeotrs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/recordings"
)

// recording is one exchange of testdata/recordings/gi (a copy of
// internal/otrs/recordings/data/gi, made on a real Znuny 6.5.4).
type recording struct {
	Operation string
	Request   recordedRequest
	Response  struct {
		Status      int
		ContentType string `json:"content_type"`
		Headers     json.RawMessage
		Body        json.RawMessage
	}
}

// How an answer is compared with its recording. The default is shape:
// same status, content type, error, key sets and JSON types.
type compareMode int

const (
	shape         compareMode = iota
	sameIDSet                 // shape, and the same set of search hits
	sameIDList                // shape, and the same hits in the same order
	shapeOnlyType             // only the JSON type of the top level: the seed differs
)

// replayModes names the recordings compared more (or less) strictly, and
// why.
var replayModes = map[string]compareMode{
	"120-TicketSearch-all-default.json":                         sameIDSet,
	"121-TicketSearch-QueueIDs-repeated.json":                   sameIDSet,
	"122-TicketSearch-Queues-by-name.json":                      sameIDSet,
	"123-TicketSearch-Queues-UseSubQueues.json":                 sameIDSet,
	"124-TicketSearch-States-repeated.json":                     sameIDSet,
	"127-TicketSearch-StateType-pending-reminder.json":          sameIDSet,
	"128-TicketSearch-StateIDs.json":                            sameIDSet,
	"131-TicketSearch-Title-wildcard-star.json":                 sameIDSet,
	"132-TicketSearch-Title-wildcard-percent.json":              sameIDSet,
	"133-TicketSearch-Title-exact-no-wildcard.json":             sameIDSet,
	"136-TicketSearch-MIMEBase_Body.json":                       sameIDSet,
	"137-TicketSearch-From-plain-key-IGNORED.json":              sameIDSet,
	"140-TicketSearch-DynamicField-GET-flat-IGNORED.json":       sameIDSet,
	"141-TicketSearch-POST-DynamicField-Equals.json":            sameIDSet,
	"142-TicketSearch-POST-DynamicField-array-form.json":        sameIDSet,
	"143-TicketSearch-POST-DynamicField-Like-and-Date.json":     sameIDSet,
	"149-TicketSearch-SortBy-Age-Up.json":                       sameIDList,
	"154-TicketSearch-Limit-3.json":                             shape,
	"156-TicketSearch-single-result.json":                       sameIDList,
	"157-TicketSearch-CustomerID.json":                          sameIDSet,
	"158-TicketSearch-CustomerUserLogin.json":                   sameIDSet,
	"164-TicketSearch-ro-agent.json":                            sameIDSet,
	"166-TicketSearch-QueueIDs-restricted-queue.json":           sameIDSet,
	"170-TicketSearch-StateType-open-lowercase.json":            sameIDSet,
	"171-TicketSearch-StateType-closed-lowercase.json":          sameIDSet,
	"173-TicketSearch-StateTypeIDs.json":                        sameIDSet,
	"174-TicketSearch-Limit-0-means-default.json":               sameIDSet,
	"134-TicketSearch-MIMEBase_From.json":                       sameIDSet,
	"144-TicketSearch-POST-DynamicField-Empty.json":             sameIDSet,
	"145-TicketSearch-TicketCreateTimeNewerMinutes.json":        sameIDSet,
	"150-TicketSearch-SortBy-Age-Down.json":                     sameIDSet,
	"152-TicketSearch-SortBy-Changed-Down.json":                 sameIDSet,
	"163-TicketSearch-customer-session.json":                    sameIDSet,
	"172-TicketSearch-StateType-repeated-new-open-pending.json": sameIDSet,
	// The other searches differ from the recordings only where the seed
	// does (owners, priorities, creation minutes, locks set via web/):
	// compared by shape.
	// The seed already holds the watcher that web/21 added later.
	"162-TicketSearch-WatchUserIDs.json": shapeOnlyType,
}

func loadRecordings(t *testing.T) (names []string, recs []recording) {
	t.Helper()
	files := recordings.Glob(t, "gi/*.json")
	if len(files) == 0 {
		t.Fatal("no recordings")
	}
	for _, f := range files {
		var r recording
		readRecording(t, f, &r)
		names = append(names, filepath.Base(f))
		recs = append(recs, r)
	}
	return names, recs
}

// TestGIReplay replays every recorded GI exchange, in order, against a
// fresh fake with the demo data and compares the answers.
func TestGIReplay(t *testing.T) {
	o, srv := start(t, NewStore())
	defer srv.Close()
	o.Store.Lock(func(s *Store) { firstRound(s) })
	names, recs := loadRecordings(t)
	ids := newReplayIDs()
	for i, rec := range recs {
		name, rec := names[i], rec
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			status, ctype, body := replay(t, srv.URL, rec, ids)
			checkAnswer(t, rec, status, ctype, body, ids, replayModes[name], replayValues[name])
		})
	}
}

// replayIDs maps what a recording names to what the fake gave out in
// its place: SessionIDs, and ticket ids (the fake numbers new tickets
// after its own seed).
type replayIDs struct {
	sessions map[string]string
	tickets  map[string]string
}

func newReplayIDs() *replayIDs {
	return &replayIDs{sessions: map[string]string{}, tickets: map[string]string{}}
}

// learn notes the ids a recorded answer and the fake's answer gave out.
func (ids *replayIDs) learn(want, got any) {
	w, _ := want.(map[string]any)
	g, _ := got.(map[string]any)
	if sid, ok := w["SessionID"].(string); ok {
		if gs, ok := g["SessionID"].(string); ok {
			ids.sessions[sid] = gs
		}
	}
	if _, created := w["TicketNumber"]; created {
		if wt, gt := fmt.Sprint(w["TicketID"]), fmt.Sprint(g["TicketID"]); wt != "<nil>" && gt != "<nil>" {
			ids.tickets[wt] = gt
		}
	}
}

// checkAnswer compares the fake's answer with the recorded one: status,
// content type, a transport error's text, an operation error's code and
// message, else key sets and JSON types (and, by mode and pick, values).
func checkAnswer(t *testing.T, rec recording, status int, ctype string, body []byte, ids *replayIDs, mode compareMode, pick func(any) any) {
	t.Helper()
	if status != rec.Response.Status || !strings.EqualFold(ctype, rec.Response.ContentType) {
		t.Fatalf("got %d %q %s, recorded %d %q %s", status, ctype, clipBytes(body), rec.Response.Status, rec.Response.ContentType, clipBytes(rec.Response.Body))
	}
	var want, got any
	if err := json.Unmarshal(rec.Response.Body, &want); err != nil {
		t.Fatal(err)
	}
	if s, ok := want.(string); ok { // a text/plain transport error
		if string(body) != ids.swap(s) {
			t.Fatalf("body %q, recorded %q", body, s)
		}
		return
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("answer is no JSON: %v: %s", err, clipBytes(body))
	}
	ids.learn(want, got)
	if e, ok := want.(map[string]any)["Error"]; ok {
		if ge := got.(map[string]any)["Error"]; fmt.Sprint(ge) != fmt.Sprint(e) {
			t.Fatalf("error %v, recorded %v", ge, e)
		}
		return
	}
	if mode == shapeOnlyType {
		if jsonType(got) != jsonType(want) {
			t.Fatalf("answer type %s, recorded %s", jsonType(got), jsonType(want))
		}
		return
	}
	if diff := compareShape("", want, got); diff != "" {
		t.Fatalf("shape differs: %s\ngot: %s", diff, clipBytes(body))
	}
	if pick != nil {
		w, _ := json.MarshalIndent(pick(want), "", " ")
		g, _ := json.MarshalIndent(pick(got), "", " ")
		if string(w) == "null" || string(w) != string(g) {
			t.Fatalf("values differ:\ngot:\n%s\nrecorded:\n%s", g, w)
		}
	}
	if mode == sameIDSet || mode == sameIDList {
		w, g := idList(want), idList(got)
		if mode == sameIDSet {
			sort.Strings(w)
			sort.Strings(g)
		}
		if strings.Join(w, ",") != strings.Join(g, ",") {
			t.Fatalf("hits %v, recorded %v", g, w)
		}
	}
}

// ticketInPath matches a route's ticket id segment.
var ticketInPath = regexp.MustCompile(`/(Ticket|TicketHistory)/([0-9]+)$`)

// swap replaces recorded ids in s with the fake's.
func (ids *replayIDs) swap(s string) string {
	for rs, fs := range ids.sessions {
		s = strings.ReplaceAll(s, rs, fs)
	}
	return ticketInPath.ReplaceAllStringFunc(s, func(m string) string {
		sub := ticketInPath.FindStringSubmatch(m)
		if id, ok := ids.tickets[sub[2]]; ok {
			return "/" + sub[1] + "/" + id
		}
		return m
	})
}

// replay sends rec's request to the fake, with recorded session ids
// swapped for the fake's.
func replay(t *testing.T, base string, rec recording, ids *replayIDs) (int, string, []byte) {
	t.Helper()
	swap := ids.swap
	q := url.Values{}
	for k, v := range rec.Request.Query {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				q.Add(k, swap(fmt.Sprint(e)))
			}
		default:
			q.Add(k, swap(fmt.Sprint(v)))
		}
	}
	u := base + swap(rec.Request.Path)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var body io.Reader
	if b := rec.Request.Body; len(b) > 0 && string(b) != "null" {
		var raw string
		if json.Unmarshal(b, &raw) == nil { // recorded as text: invalid JSON
			body = strings.NewReader(raw)
		} else {
			body = strings.NewReader(swap(string(b)))
		}
	}
	req, err := http.NewRequest(rec.Request.Method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range rec.Request.Headers {
		req.Header.Set(k, swap(v))
	}
	resp, out := send(t, req)
	return resp.StatusCode, resp.Header.Get("Content-Type"), out
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// compareShape reports the first difference in key sets or JSON types.
// Lists are compared element by element as far as both reach, since the
// seed holds other numbers of articles and tickets. A null on either side
// matches anything: OTRS answers null for values the seed sets (and the
// other way round).
func compareShape(path string, want, got any) string {
	if want == nil || got == nil {
		return ""
	}
	if jsonType(want) != jsonType(got) {
		return fmt.Sprintf("%s: %s, recorded %s (%v)", path, jsonType(got), jsonType(want), want)
	}
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		var missing, extra []string
		for k := range w {
			if _, ok := g[k]; !ok {
				missing = append(missing, k)
			}
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				extra = append(extra, k)
			}
		}
		if len(missing)+len(extra) > 0 {
			sort.Strings(missing)
			sort.Strings(extra)
			return fmt.Sprintf("%s: keys missing %v, extra %v", path, missing, extra)
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if d := compareShape(path+"."+k, w[k], g[k]); d != "" {
				return d
			}
		}
	case []any:
		g := got.([]any)
		for i := 0; i < len(w) && i < len(g); i++ {
			if d := compareShape(fmt.Sprintf("%s[%d]", path, i), w[i], g[i]); d != "" {
				return d
			}
		}
	}
	return ""
}

func idList(v any) []string {
	var out []string
	if m, ok := v.(map[string]any); ok {
		for _, id := range toList(m["TicketID"]) {
			out = append(out, fmt.Sprint(id))
		}
	}
	return out
}

func toList(v any) []any { l, _ := v.([]any); return l }

func clipBytes(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(bytes.TrimSpace(b))
}

// replayValues picks, per recording, parts of the answer whose values
// the seed reproduces exactly.
var replayValues = map[string]func(any) any{
	"020-TicketCreate-minimal.json":                   createdTicket,
	"021-TicketCreate-with-DynamicField.json":         createdTicket,
	"024-TicketCreate-PendingTime-Diff.json":          createdTicket,
	"034-TicketCreate-HTML-article-by-UserLogin.json": createdTicket,
	"072-TicketUpdate-by-TicketNumber-in-body.json":   createdTicket,
	"010-SessionGet-agent-valid.json":                 sessionKeys,
	"012-SessionGet-customer-valid.json":              sessionKeys,
	"081-TicketGet-DynamicFields.json":                func(v any) any { return dig(v, "Ticket", 0, "DynamicField") },
	"083-TicketGet-AllArticles-Attachments-Contents-HTMLBodyAsAttachment-png.json": func(v any) any {
		return dig(v, "Ticket", 0, "Article", 0, "Attachment")
	},
	"084-TicketGet-AllArticles-Attachments-HTMLBodyAsAttachment-htmlticket.json": attachmentMeta,
	"105-TicketGet-PDF-ticket-attachments-no-contents.json":                      attachmentMeta,
	"106-TicketGet-Attachments-GetAttachmentContents0.json":                      attachmentMeta,
	"094-TicketGet-GI-created-ticket-with-DF.json":                               func(v any) any { return dig(v, "Ticket", 0, "DynamicField") },
	"111-TicketHistoryGet-GI-updated-ticket.json": func(v any) any {
		var rows []string
		for _, h := range toList(dig(v, "TicketHistory", 0, "History")) {
			h := h.(map[string]any)
			switch h["HistoryType"] {
			case "SendAgentNotification": // the fake sends no mail
				continue
			case "Misc": // unlock-time resets depend on the wall-clock second
				continue
			}
			if strings.Contains(fmt.Sprint(h["Name"]), "via TicketNumber") {
				break // an update between 071 and 072 was not kept as a file
			}
			rows = append(rows, fmt.Sprint(h["HistoryType"], " ", h["Name"]))
		}
		return rows
	},
}

func sessionKeys(v any) any {
	var keys []string
	for _, kv := range toList(dig(v, "SessionData")) {
		k := fmt.Sprint(kv.(map[string]any)["Key"])
		// Stored preferences go into the session data; the seed stores
		// a language and a time zone per agent, the recorded agent had
		// none (db/11-user_preferences.txt).
		if k == "UserLanguage" || k == "UserTimeZone" {
			continue
		}
		keys = append(keys, k)
	}
	return keys
}

// dig walks a decoded JSON value by object keys and list indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[p]
		case int:
			l, _ := v.([]any)
			if p >= len(l) {
				return nil
			}
			v = l[p]
		}
	}
	return v
}

// attachmentMeta is the first article's attachment list without sizes and
// contents (the seed's files differ), but with whether content was sent.
func attachmentMeta(v any) any {
	var out []map[string]any
	for _, a := range toList(dig(v, "Ticket", 0, "Article", 0, "Attachment")) {
		m := map[string]any{}
		for k, x := range a.(map[string]any) {
			m[k] = x
		}
		m["Content"] = m["Content"] != ""
		delete(m, "FilesizeRaw")
		out = append(out, m)
	}
	return out
}

// createdTicket is the ticket id and number of a TicketCreate or
// TicketUpdate answer: the seed continues the recorded numbering.
func createdTicket(v any) any { return []any{dig(v, "TicketID"), dig(v, "TicketNumber")} }

// firstRound sets the SysConfig the gi/ recordings ran with: Ticket::Type,
// Service and Responsible were saved but not deployed, so off
// (otrs-recordings/README.md, "Caveat found later").
func firstRound(s *Store) {
	for _, k := range []string{"Ticket::Type", "Ticket::Service", "Ticket::Responsible"} {
		s.SysConfig[k] = "0"
	}
}
