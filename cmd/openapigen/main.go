// Command openapigen writes the OpenAPI 3.1 document of the RS4OTRS_API
// as this proxy serves it, from the contract (rs4otrs-api.json):
//
//	go run ./cmd/openapigen -contract internal/api/testdata/contract/rs4otrs-api.json -out internal/openapi/openapi.json
//
// (make openapi). The response schemas are inferred from the contract's
// success examples by the rules in schema.go, where each decision is
// written down.
//
// Every method is served as GET (query string) and POST (JSON or form
// body); the token travels as a parameter or cookie named after the
// SessionName. Run it again when the contract changes; a test keeps the
// document and internal/proxy/routes.go in step.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
)

type param struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Meaning string `json:"meaning"`
	Enum    []any  `json:"enum"`
	Default any    `json:"default"`
}

type method struct {
	Path          string                           `json:"path"`
	Group         string                           `json:"group"`
	Summary       string                           `json:"summary"`
	NeedsToken    bool                             `json:"needs_token"`
	Required      []any                            `json:"required"`
	RequiredTypes map[string]param                 `json:"required_types"`
	Optional      []param                          `json:"optional"`
	ResponseKind  string                           `json:"response_kind"`
	Success       any                              `json:"success"`
	Alternatives  []struct{ Body any }             `json:"success_alternatives"`
	Errors        []struct{ When, Message string } `json:"errors"`
}

type contract struct {
	Version string   `json:"version"`
	Methods []method `json:"methods"`
}

func main() {
	in := flag.String("contract", "internal/api/testdata/contract/rs4otrs-api.json", "path of rs4otrs-api.json (the module's copy of /work/shared/contract)")
	out := flag.String("out", "internal/openapi/openapi.json", "where to write the document")
	prefix := flag.String("prefix", "/otrs/api", "where the API is served")
	flag.Parse()
	if err := run(*in, *out, *prefix); err != nil {
		fmt.Fprintln(os.Stderr, "openapigen:", err)
		os.Exit(1)
	}
}

func run(in, out, prefix string) error {
	b, err := generate(in, prefix)
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o644)
}

// generate returns the document for the contract at in.
func generate(in, prefix string) ([]byte, error) {
	raw, err := os.ReadFile(in)
	if err != nil {
		return nil, err
	}
	var c contract
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", in, err)
	}
	doc := document(c, prefix)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type obj = map[string]any

func document(c contract, prefix string) obj {
	paths := obj{}
	schemas := obj{
		"Error": obj{"type": "object", "required": []string{"Response", "Message"}, "additionalProperties": false, "properties": obj{
			"Response": obj{"const": "ERROR"}, "Message": obj{"type": "string"},
		}},
	}
	for _, m := range c.Methods {
		paths[m.Path] = pathItem(m)
		if m.ResponseKind != "binary" {
			schemas[operationName(m.Path)+"OK"] = successSchema(m)
		}
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":       "RS4OTRS_API (rs4otrs-proxy)",
			"version":     c.Version,
			"description": "The RS4OTRS_API as rs4otrs-proxy serves it. Every method answers HTTP 200 with {\"Response\":\"OK\",...} or {\"Response\":\"ERROR\",\"Message\":...}; getAttachment answers the raw file. Methods that need a token take it as the parameter (or cookie) named by the login's SessionName (OTRSAgentInterface by default).",
		},
		"servers": []obj{{"url": prefix}},
		"paths":   paths,
		"components": obj{
			"securitySchemes": obj{
				"sessionParam":  obj{"type": "apiKey", "in": "query", "name": "OTRSAgentInterface", "description": "SessionValue from /auth/login; also accepted in the JSON or form body under the same name."},
				"sessionCookie": obj{"type": "apiKey", "in": "cookie", "name": "OTRSAgentInterface"},
			},
			"schemas": schemas,
		},
	}
}

func pathItem(m method) obj {
	props, required := properties(m)
	input := obj{"type": "object", "properties": props}
	if len(required) > 0 {
		input["required"] = required
	}
	if alts := alternatives(m.Required); len(alts) > 0 {
		input["allOf"] = alts
	}
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	sort.Strings(names)
	// An empty list, never null: "parameters": null is not OpenAPI.
	query := []obj{}
	for _, n := range names {
		query = append(query, obj{"name": n, "in": "query", "schema": props[n], "style": "form", "explode": true})
	}
	op := func(verb string) obj {
		o := obj{
			"operationId": verb + operationName(m.Path),
			"summary":     m.Summary,
			"tags":        []string{m.Group},
			"responses":   responses(m),
		}
		if m.NeedsToken {
			o["security"] = []obj{{"sessionParam": []string{}}, {"sessionCookie": []string{}}}
		} else {
			o["security"] = []obj{}
		}
		if verb == "get" {
			o["parameters"] = query
		} else {
			o["requestBody"] = obj{"content": obj{
				"application/json":                  obj{"schema": input},
				"application/x-www-form-urlencoded": obj{"schema": input},
			}}
		}
		return o
	}
	return obj{"get": op("get"), "post": op("post")}
}

// properties lists a method's parameters; "A or B" requirements stay out
// of the schema's required list and are described instead.
func properties(m method) (obj, []string) {
	props := obj{}
	var required []string
	for name, p := range m.RequiredTypes {
		props[name] = schema(p)
	}
	for _, r := range m.Required {
		if s, ok := r.(string); ok {
			required = append(required, s)
			if _, ok := props[s]; !ok {
				props[s] = obj{"type": "string"}
			}
		}
	}
	for _, p := range m.Optional {
		if _, ok := props[p.Name]; !ok {
			props[p.Name] = schema(p)
		}
	}
	return props, required
}

func schema(p param) obj {
	var s obj
	switch p.Type {
	case "int", "unix_time":
		s = obj{"type": "integer"}
	case "number":
		s = obj{"type": "number"}
	case "bool01":
		s = obj{"type": "integer", "enum": []int{0, 1}}
	case "array<int>":
		s = obj{"type": "array", "items": obj{"type": "integer"}}
	case "array<string>":
		s = obj{"type": "array", "items": obj{"type": "string"}}
	case "object":
		s = obj{"type": "object"}
	default:
		s = obj{"type": "string"}
	}
	if p.Meaning != "" {
		s["description"] = p.Meaning
	}
	if len(p.Enum) > 0 {
		s["enum"] = p.Enum
	}
	if p.Default != nil {
		s["default"] = p.Default
	}
	return s
}

func responses(m method) obj {
	var msgs []string
	for _, e := range m.Errors {
		msgs = append(msgs, e.Message)
	}
	errSchema := obj{"$ref": "#/components/schemas/Error"}
	if len(msgs) > 0 {
		errSchema = obj{"allOf": []obj{{"$ref": "#/components/schemas/Error"}}, "description": "Messages: " + strings.Join(msgs, " | ")}
	}
	ok := obj{"$ref": "#/components/schemas/" + operationName(m.Path) + "OK"}
	content := obj{"application/json": obj{"schema": obj{"oneOf": []obj{ok, errSchema}}, "example": m.Success}}
	if m.ResponseKind == "binary" {
		content = obj{
			// The file's own type (image/png, application/pdf, ...).
			"*/*":              obj{"schema": obj{"type": "string", "contentMediaType": "application/octet-stream"}},
			"application/json": obj{"schema": errSchema},
		}
	}
	return obj{"200": obj{"description": "OK or ERROR envelope (always HTTP 200)", "content": content}}
}

// operationName turns /tickets/getTicketList into TicketsGetTicketList.
func operationName(path string) string {
	var b strings.Builder
	for _, part := range strings.Split(strings.Trim(path, "/"), "/") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// successSchema types a method's success answer from the contract's
// example; success_alternatives (lostPassword's second step, the Count
// answers) are further shapes of the same answer.
func successSchema(m method) obj {
	one := func(body any) obj {
		s := infer(m.Path, "", body)
		for to, from := range sameAs {
			if src := lookup(s, m.Path, from); src != nil {
				if dst := lookup(s, m.Path, to); dst != nil {
					for k := range dst {
						delete(dst, k)
					}
					for k, v := range src {
						dst[k] = v
					}
				}
			}
		}
		props, _ := s["properties"].(obj)
		if props == nil {
			props = obj{}
			s = obj{"type": "object", "additionalProperties": false, "properties": props}
		}
		props["Response"] = obj{"const": "OK"}
		if msg, ok := props["Message"].(obj); ok {
			msg["type"] = "string"
		}
		s["required"] = []string{"Response"}
		return s
	}
	if len(m.Alternatives) == 0 {
		return one(m.Success)
	}
	shapes := []obj{one(m.Success)}
	for _, a := range m.Alternatives {
		shapes = append(shapes, one(a.Body))
	}
	return obj{"anyOf": shapes}
}

// alternatives turns the contract's {"one_of": [A, {"all_of": [...]}]}
// requirements into JSON Schema: at least one alternative is present
// ("A or B"; which wins when several are given is the method's business).
func alternatives(required []any) []obj {
	var out []obj
	for _, r := range required {
		m, ok := r.(map[string]any)
		if !ok {
			continue
		}
		alts, _ := m["one_of"].([]any)
		var either []obj
		for _, a := range alts {
			switch x := a.(type) {
			case string:
				either = append(either, obj{"required": []string{x}})
			case map[string]any:
				var names []string
				for _, n := range x["all_of"].([]any) {
					names = append(names, n.(string))
				}
				either = append(either, obj{"required": names})
			}
		}
		if len(either) > 0 {
			out = append(out, obj{"anyOf": either})
		}
	}
	return out
}

// lookup finds the schema at path p ("/m.A[].B") inside s, the schema of
// method m's answer; nil when there is none.
func lookup(s obj, m, p string) obj {
	rest, ok := strings.CutPrefix(p, m)
	if !ok {
		return nil
	}
	for _, part := range strings.Split(strings.TrimPrefix(rest, "."), ".") {
		if part == "" {
			continue
		}
		name, list := strings.CutSuffix(part, "[]")
		props, _ := s["properties"].(obj)
		s, _ = props[name].(obj)
		if s == nil {
			return nil
		}
		if list {
			if s, _ = s["items"].(obj); s == nil {
				return nil
			}
		}
	}
	return s
}
