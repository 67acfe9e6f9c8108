package api_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/openapi/openapitest"
)

// contractFile is a copy of the RS4OTRS_API contract (rs4otrs-api.json): tests
// read only what the module holds.
const contractFile = "testdata/contract/rs4otrs-api.json"

// goldenDirs hold the answers recorded through real HTTP.
var goldenDirs = []string{"testdata", filepath.Join("..", "proxy", "testdata")}

// goldenMethods maps golden file-name prefixes to the method whose
// answer the file records. Most goldens are named after their method
// ("updateTitle-…"); these are the others. Every golden must map to a
// method or be listed in notAnswers: an unknown name fails the test, so a
// new golden cannot slip past the checks below.
var goldenMethods = map[string]string{
	"articles-":   "/tickets/getArticles",
	"attachment-": "/tickets/getAttachment",
	"list-":       "/tickets/getTicketList",
	"nocatalog-":  "/tickets/getTicketList",
}

// notAnswers are goldens that record no method's answer.
var notAnswers = map[string]string{
	"map-": "the ticket and article mapping (tickets package) applied to a recorded GI TicketGet, not an HTTP answer",
}

// openKeys lists, per method, the top-level answer keys the contract
// documents in its notes but leaves out of its success example, so an
// answer may carry them or not. Every other answer must have exactly the
// keys of the example or of one of its success_alternatives.
var openKeys = map[string][]string{
	// "TicketFromFullTextSearch (6.41.0): when FullTextSearch contains
	// digits that look like a ticket number …, an additional top-level
	// field".
	"/tickets/getTicketList": {"TicketFromFullTextSearch"},
	// DynamicField_<Name> keys, one per configured customer-user field;
	// the example shows DynamicField_ABC, an installation has its own.
	"/customers/getCustomerUser": {"DynamicField_ABC"},
}

// openKeyPrefixes: keys named after the installation's configuration.
var openKeyPrefixes = map[string]string{
	"/customers/getCustomerUser": "DynamicField_",
}

// listMessages are the contract's messages that end in a list of names
// which depends on the call ("…: SetEstimatedTime, UpdateState" are the
// example's names; DECISIONS.md 10 for the required fields): a golden
// reaches one when its Message starts with the part up to ": ".
var listMessages = map[string]bool{
	"Required fields is not defined: TicketID, Subject, Body":                                               true,
	"Article was created but these operations are failed: SetEstimatedTime, UpdateState, UpdatePendingTime": true,
	"Ticket was created but these operations are failed: SetEstimatedTime, LockByOwner, UpdatePendingTime":  true,
	"Pass some fields for ticket update: ...":                                                               true,
	"The follow parameters wasn't updated: Title, SLA ...":                                                  true,
}

// reaches reports whether a golden's Message shows the contract's msg.
func reaches(got any, msg string) bool {
	s, _ := got.(string)
	if listMessages[msg] {
		prefix, _, _ := strings.Cut(msg, ": ")
		return strings.HasPrefix(s, prefix+": ")
	}
	return s == msg
}

type contract struct {
	Conventions struct {
		CommonErrors []struct {
			Body struct{ Message string }
		} `json:"common_errors"`
	}
	Methods []contractMethod
}

type contractMethod struct {
	Path         string
	ResponseKind string `json:"response_kind"`
	Success      map[string]any
	Alternatives []struct {
		Body map[string]any
	} `json:"success_alternatives"`
	Errors []struct{ Message string }
}

func readContract(t *testing.T) contract {
	t.Helper()
	b, err := os.ReadFile(contractFile)
	if err != nil {
		t.Fatal(err)
	}
	var c contract
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s: %v", contractFile, err)
	}
	if len(c.Methods) != 40 {
		t.Fatalf("%s has %d methods, want 40", contractFile, len(c.Methods))
	}
	return c
}

// golden is one recorded answer.
type golden struct {
	path, method string
	// answer is the JSON answer; nil for a binary one (getAttachment's
	// goldens record the headers and a hash of the file).
	answer map[string]any
	raw    []byte
}

// goldenAnswers reads every golden and finds its answer wherever the
// test stored it: at the top level, under "JSON" (getAttachment's
// errors) or under "Answer" (the writes, beside the tickets they changed).
func goldenAnswers(t *testing.T, c contract) []golden {
	t.Helper()
	bases := map[string]string{}
	for _, m := range c.Methods {
		bases[path.Base(m.Path)+"-"] = m.Path
		bases[path.Base(m.Path)+"."] = m.Path
	}
	for pre, m := range goldenMethods {
		bases[pre] = m
	}
	var out []golden
	eachGolden(t, func(p string, b []byte) {
		base := path.Base(filepath.ToSlash(p))
		for pre := range notAnswers {
			if strings.HasPrefix(base, pre) {
				return
			}
		}
		g := golden{path: filepath.ToSlash(p)}
		for pre, m := range bases {
			if strings.HasPrefix(base, pre) {
				g.method = m
			}
		}
		if g.method == "" {
			t.Errorf("%s: no method owns this golden: name it after its method or add it to goldenMethods or notAnswers", p)
			return
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(b, &top); err != nil {
			t.Errorf("%s: %v", p, err)
			return
		}
		g.raw = b
		for _, key := range []string{"JSON", "Answer"} {
			if inner, ok := top[key]; ok {
				g.raw = inner
			}
		}
		if err := json.Unmarshal(g.raw, &g.answer); err != nil {
			t.Errorf("%s: answer: %v", p, err)
			return
		}
		if _, ok := g.answer["Response"]; !ok {
			if _, binary := g.answer["SHA256"]; binary && g.method == "/tickets/getAttachment" {
				g.answer = nil
			} else {
				t.Errorf("%s: no answer (no Response at the top level, under JSON or under Answer)", p)
				return
			}
		}
		out = append(out, g)
	})
	return out
}

// Every golden's answer validates against its method's schema in the
// served OpenAPI document, whichever test wrote it.
func TestGoldenAnswersMatchOpenAPI(t *testing.T) {
	gs := goldenAnswers(t, readContract(t))
	for _, g := range gs {
		if g.answer == nil {
			continue
		}
		if err := openapitest.ValidateAnswer(g.method, 200, "application/json", g.raw); err != nil {
			t.Errorf("%s (%s): %v", g.path, g.method, err)
		}
	}
	t.Logf("%d golden answers validated", len(gs))
}

// Every error Message of the contract is recorded, byte for byte, in a
// golden answer of its own method; the common errors in some golden.
func TestContractMessagesCovered(t *testing.T) {
	c := readContract(t)
	gs := goldenAnswers(t, c)
	covered := func(method, msg string) bool {
		for _, g := range gs {
			if g.answer != nil && reaches(g.answer["Message"], msg) && g.answer["Response"] == "ERROR" && (method == "" || g.method == method) {
				return true
			}
		}
		return false
	}
	for _, e := range c.Conventions.CommonErrors {
		if !covered("", e.Body.Message) {
			t.Errorf("common error %q: no golden answer shows it", e.Body.Message)
		}
	}
	total := 0
	for _, m := range c.Methods {
		for _, e := range m.Errors {
			total++
			if !covered(m.Path, e.Message) {
				t.Errorf("%s %q: no golden answer of the method shows it", m.Path, e.Message)
			}
		}
	}
	t.Logf("contract error messages covered by goldens: %[1]d/%[1]d", total)
}

// Every successful golden answer has the top-level keys of its method's
// success example (or of one of its alternatives), give or take openKeys.
func TestGoldenSuccessKeysMatchContract(t *testing.T) {
	c := readContract(t)
	shapes := map[string][]map[string]any{}
	for _, m := range c.Methods {
		shapes[m.Path] = append(shapes[m.Path], m.Success)
		for _, a := range m.Alternatives {
			shapes[m.Path] = append(shapes[m.Path], a.Body)
		}
	}
	seen := map[string]int{}
	for _, g := range goldenAnswers(t, c) {
		if g.answer == nil || g.answer["Response"] != "OK" {
			continue
		}
		seen[g.method]++
		got := keySet(g.method, g.answer)
		var wants []string
		ok := false
		for _, s := range shapes[g.method] {
			want := keySet(g.method, s)
			wants = append(wants, want)
			ok = ok || want == got
		}
		if !ok {
			t.Errorf("%s: keys %s, want one of %s", g.path, got, strings.Join(wants, " | "))
		}
	}
	t.Logf("successful answers checked for %d methods", len(seen))
}

// keySet is the sorted top-level keys of an answer, without the open ones.
func keySet(method string, v map[string]any) string {
	var keys []string
	for k := range v {
		if slices.Contains(openKeys[method], k) {
			continue
		}
		if pre, ok := openKeyPrefixes[method]; ok && strings.HasPrefix(k, pre) {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return "{" + strings.Join(keys, ",") + "}"
}

// The null rule (the changelog's rule wins over the examples: empty
// strings and zero dates are null): no successful answer holds an empty
// string, at any depth. getAttachment's goldens record HTTP headers
// beside the body; only the body counts.
func TestGoldenAnswersHaveNoEmptyStrings(t *testing.T) {
	eachGolden(t, func(p string, b []byte) {
		var ans map[string]any
		if json.Unmarshal(b, &ans) != nil {
			return
		}
		if body, ok := ans["JSON"].(map[string]any); ok {
			ans = body
		} else if _, ok := ans["SHA256"]; ok {
			return // a binary answer
		}
		if ans["Response"] != "OK" {
			return
		}
		if where := emptyString(ans, ""); where != "" {
			t.Errorf("%s: %s is \"\", want null", p, where)
		}
	})
}

// eachGolden calls f with the path and content of every golden file.
func eachGolden(t *testing.T, f func(path string, b []byte)) {
	t.Helper()
	for _, dir := range goldenDirs {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".golden.json") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			f(p, b)
			return nil
		})
		if err != nil {
			t.Fatalf("walk %s: %v", dir, err)
		}
	}
}

// emptyString returns the path of the first "" in v, or "".
func emptyString(v any, at string) string {
	switch v := v.(type) {
	case string:
		if v == "" {
			return at
		}
	case map[string]any:
		for k, x := range v {
			if w := emptyString(x, at+"."+k); w != "" {
				return w
			}
		}
	case []any:
		for _, x := range v {
			if w := emptyString(x, at+"[]"); w != "" {
				return w
			}
		}
	}
	return ""
}
