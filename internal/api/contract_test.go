package api_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// contractFile is a copy of the RS4OTRS_API contract (rs4otrs-api.json): tests
// read only what the module holds.
const contractFile = "testdata/contract/rs4otrs-api.json"

// goldenDirs hold the answers recorded through real HTTP.
var goldenDirs = []string{"testdata", filepath.Join("..", "proxy", "testdata")}

// goldenPrefixes name, for methods whose goldens are not named after the
// method, the file-name prefixes that belong to it.
var goldenPrefixes = map[string][]string{
	"/tickets/getArticles":   {"articles-"},
	"/tickets/getAttachment": {"attachment-"},
	"/tickets/getTicketList": {"list-", "nocatalog-"},
}

// writeMethods are being built on another branch (ticketswrite): none of
// their messages is reachable on main yet. An entry becomes stale, and the
// test fails, once every message of its method is covered.
var writeMethods = map[string]string{
	"/tickets/createArticle":     "ticket writing, branch ticketswrite",
	"/tickets/createAttachment":  "ticket writing, branch ticketswrite",
	"/tickets/createTicket":      "ticket writing, branch ticketswrite",
	"/tickets/updateCustomer":    "ticket writing, branch ticketswrite",
	"/tickets/updateLock":        "ticket writing, branch ticketswrite",
	"/tickets/updateOwner":       "ticket writing, branch ticketswrite",
	"/tickets/updatePendingTime": "ticket writing, branch ticketswrite",
	"/tickets/updatePriority":    "ticket writing, branch ticketswrite",
	"/tickets/updateQueue":       "ticket writing, branch ticketswrite",
	"/tickets/updateResponsible": "ticket writing, branch ticketswrite",
	"/tickets/updateService":     "ticket writing, branch ticketswrite",
	"/tickets/updateSLA":         "ticket writing, branch ticketswrite",
	"/tickets/updateState":       "ticket writing, branch ticketswrite",
	"/tickets/updateTicket":      "ticket writing, branch ticketswrite",
	"/tickets/updateTitle":       "ticket writing, branch ticketswrite",
	"/tickets/updateType":        "ticket writing, branch ticketswrite",
}

// unreachable lists single messages (method + "\x00" + Message) that no
// golden shows on purpose; the test fails when one of them gets covered,
// so the list stays true.
var unreachable = map[string]string{}

type contract struct {
	Conventions struct {
		CommonErrors []struct {
			Body struct{ Message string }
		} `json:"common_errors"`
	}
	Methods []struct {
		Path   string
		Errors []struct{ Message string }
	}
}

// goldenMessages returns, per golden file name (without directories),
// the Message of each recorded answer.
func goldenMessages(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	eachGolden(t, func(p string, b []byte) {
		// getAttachment's goldens record headers and keep a JSON
		// answer under "JSON".
		var ans struct {
			Message *string
			JSON    *struct{ Message *string }
		}
		if json.Unmarshal(b, &ans) != nil {
			return
		}
		if ans.JSON != nil {
			ans.Message = ans.JSON.Message
		}
		if ans.Message != nil {
			out[filepath.ToSlash(p)] = *ans.Message
		}
	})
	return out
}

// owns reports whether the golden file p records a call of method.
func owns(method, p string) bool {
	base := path.Base(p)
	for _, pre := range append([]string{path.Base(method) + "-", path.Base(method) + "."}, goldenPrefixes[method]...) {
		if strings.HasPrefix(base, pre) {
			return true
		}
	}
	return false
}

// Every error Message of the contract is recorded, byte for byte, in a
// golden answer of its own method, unless it is allow-listed with a reason.
func TestContractMessagesCovered(t *testing.T) {
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
	goldens := goldenMessages(t)
	covered := func(method, msg string) bool {
		for p, m := range goldens {
			if m == msg && (method == "" || owns(method, p)) {
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
	total, hit := 0, 0
	for _, m := range c.Methods {
		allCovered := true
		for _, e := range m.Errors {
			total++
			ok := covered(m.Path, e.Message)
			if ok {
				hit++
			} else {
				allCovered = false
			}
			reason, listed := unreachable[m.Path+"\x00"+e.Message]
			_, writing := writeMethods[m.Path]
			switch {
			case ok && listed:
				t.Errorf("%s %q is covered now: drop it from unreachable (%s)", m.Path, e.Message, reason)
			case !ok && !listed && !writing:
				t.Errorf("%s %q: no golden answer of the method shows it", m.Path, e.Message)
			}
		}
		if reason, writing := writeMethods[m.Path]; writing && allCovered && len(m.Errors) > 0 {
			t.Errorf("%s: every message is covered now, drop it from writeMethods (%s)", m.Path, reason)
		}
	}
	for key := range unreachable {
		method, msg, _ := strings.Cut(key, "\x00")
		if !hasMessage(c, method, msg) {
			t.Errorf("unreachable lists %s %q, which the contract does not have", method, msg)
		}
	}
	t.Logf("contract error messages covered by goldens: %d/%d", hit, total)
}

func hasMessage(c contract, method, msg string) bool {
	for _, m := range c.Methods {
		for _, e := range m.Errors {
			if m.Path == method && e.Message == msg {
				return true
			}
		}
	}
	return false
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
