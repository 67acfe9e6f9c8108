package api

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Params is one request's parameter set: the query string, a JSON body and
// a form body merged. JSON values keep their decoded type (json.Number for
// numbers); query and form values are strings or []string.
type Params map[string]any

// ParamError reports a parameter whose value has the wrong type. Methods
// turn it into the contract's message for that method.
type ParamError struct {
	Name string
	Want string
}

func (e *ParamError) Error() string { return fmt.Sprintf("parameter %s: want %s", e.Name, e.Want) }

// Has reports whether name was sent with a non-empty value.
func (p Params) Has(name string) bool {
	v, ok := p[name]
	if !ok || v == nil {
		return false
	}
	switch v := v.(type) {
	case string:
		return v != ""
	case []string:
		return len(v) > 0
	case []any:
		return len(v) > 0
	}
	return true
}

// String returns name as text; numbers are formatted, a list yields its
// first element. It returns "" when name is absent.
func (p Params) String(name string) string {
	switch v := p[name].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "1"
		}
		return "0"
	case []string:
		if len(v) > 0 {
			return v[0]
		}
	case []any:
		if len(v) > 0 {
			return Params{"": v[0]}.String("")
		}
	}
	return ""
}

// Int returns name as an integer. ok is false when name is absent or
// empty; err is set when it is present but not an integer.
func (p Params) Int(name string) (n int, ok bool, err error) {
	v, present := p[name]
	if !present || v == nil {
		return 0, false, nil
	}
	var s string
	switch v := v.(type) {
	case json.Number:
		s = v.String()
	case string:
		s = v
	case []string, []any:
		s = p.String(name)
	case bool:
		if v {
			return 1, true, nil
		}
		return 0, true, nil
	default:
		return 0, false, &ParamError{name, "an integer"}
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false, nil
	}
	n, convErr := strconv.Atoi(s)
	if convErr != nil {
		// JSON numbers such as 5.0 are integers too.
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != float64(int(f)) {
			return 0, false, &ParamError{name, "an integer"}
		}
		n = int(f)
	}
	return n, true, nil
}

// Float returns name as a number (time units may be decimal).
func (p Params) Float(name string) (f float64, ok bool, err error) {
	s := strings.TrimSpace(p.String(name))
	if s == "" {
		return 0, false, nil
	}
	f, convErr := strconv.ParseFloat(s, 64)
	if convErr != nil {
		return 0, false, &ParamError{name, "a number"}
	}
	return f, true, nil
}

// Strings returns name as a list. A list parameter may arrive as a JSON
// array, as repeated query keys, as name[] keys (merged by the binder) or
// comma-separated: RS4OTRS clients send all three.
func (p Params) Strings(name string) []string {
	var out []string
	add := func(s string) {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	switch v := p[name].(type) {
	case string:
		add(v)
	case json.Number:
		out = append(out, v.String())
	case []string:
		for _, s := range v {
			add(s)
		}
	case []any:
		for _, e := range v {
			switch e := e.(type) {
			case string:
				out = append(out, e)
			case json.Number:
				out = append(out, e.String())
			}
		}
	}
	return out
}

// Ints returns name as a list of integers; err names the parameter when an
// element is not an integer.
func (p Params) Ints(name string) ([]int, error) {
	var out []int
	for _, s := range p.Strings(name) {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, &ParamError{name, "a list of integers"}
		}
		out = append(out, n)
	}
	return out, nil
}

// Object returns name as a JSON object. In GET it may arrive as JSON text
// (POST JSON is the normal way). ok is false when absent; err when not an object.
func (p Params) Object(name string) (obj map[string]any, ok bool, err error) {
	switch v := p[name].(type) {
	case nil:
		return nil, false, nil
	case map[string]any:
		return v, true, nil
	case string, []string:
		s := p.String(name)
		if strings.TrimSpace(s) == "" {
			return nil, false, nil
		}
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil {
			return nil, false, &ParamError{name, "a JSON object"}
		}
		return obj, true, nil
	}
	return nil, false, &ParamError{name, "a JSON object"}
}

// Missing returns the names among required that were not sent, in the
// order given: required-field messages list only the missing names, in
// the order the contract lists the required parameters.
func (p Params) Missing(required ...string) []string {
	var out []string
	for _, name := range required {
		if !p.Has(name) {
			out = append(out, name)
		}
	}
	return out
}
