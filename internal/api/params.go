package api

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Params is one request's parameter set: the query string, a JSON body and
// a form body merged. JSON values keep their decoded type (json.Number for
// numbers); query and form values are strings or []string.
type Params map[string]any

// MaxInt bounds every integer parameter, both ways. OTRS keeps ids,
// counts and epoch seconds (a ticket's pending time, until_time) in 32-bit
// INTEGER columns, so nothing larger can mean anything; and with both
// factors bounded, products such as Page*Limit cannot overflow an int.
const MaxInt = math.MaxInt32

// maxFloat bounds decimal parameters (time units): OTRS's
// time_accounting.time_unit is DECIMAL(10,2).
const maxFloat = 1e8

// msgParam is the answer to a parameter the contract does not describe
// (wrong type, out of range), followed by its name. The contract has no
// message for it; this one has the form of its "Required fields is not
// defined: " so that a client shows both alike.
const msgParam = "Parameter is incorrect: "

// ParamError reports a parameter whose value has the wrong type or is out
// of range. A method may turn it into its own contract message (getArticles'
// TicketID: No ticket); otherwise the client gets "Parameter is incorrect:
// Name" (ClientMessage) and the log, at info, what was wanted. It is the
// client's mistake, never a server failure.
type ParamError struct {
	Name string
	Want string
}

func (e *ParamError) Error() string { return fmt.Sprintf("parameter %s: want %s", e.Name, e.Want) }

// Message is what the client sees.
func (e *ParamError) Message() string { return msgParam + e.Name }

// Bad returns a ParamError for name, wanting want.
func Bad(name, want string) error { return &ParamError{Name: name, Want: want} }

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
// empty; err is set when it is present but not an integer, or beyond
// ±MaxInt.
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
		return 0, false, &ParamError{name, wantInt}
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false, nil
	}
	n, err = parseInt(name, s)
	if err != nil {
		return 0, false, err
	}
	return n, true, nil
}

var wantInt = fmt.Sprintf("an integer from %d to %d", -MaxInt, MaxInt)

// parseInt reads s as an integer within ±MaxInt. JSON numbers such as 5.0
// or 5e2 are integers too.
func parseInt(name, s string) (int, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		// The range is checked before the conversion: int(f) of a float
		// beyond int's range is undefined.
		if ferr != nil || math.Abs(f) > MaxInt || f != math.Trunc(f) {
			return 0, &ParamError{name, wantInt}
		}
		n = int64(f)
	}
	if n > MaxInt || n < -MaxInt {
		return 0, &ParamError{name, wantInt}
	}
	return int(n), nil
}

// Flag returns name as 0 or 1, the contract's booleans (true and false
// are read as 1 and 0). ok is false when name is absent or empty; any
// other value is a ParamError, not silently read as one or the other.
func (p Params) Flag(name string) (on, ok bool, err error) {
	n, ok, err := p.Int(name)
	if err == nil && ok && n != 0 && n != 1 {
		err = &ParamError{name, "0 or 1"}
	}
	if err != nil {
		return false, false, &ParamError{name, "0 or 1"}
	}
	return n == 1, ok, nil
}

// NonNegative is Int for counts, pages, limits and offsets: a negative
// value is a ParamError.
func (p Params) NonNegative(name string) (int, bool, error) {
	n, ok, err := p.Int(name)
	if err == nil && n < 0 {
		err = &ParamError{name, fmt.Sprintf("an integer from 0 to %d", MaxInt)}
	}
	if err != nil {
		return 0, false, err
	}
	return n, ok, nil
}

// Float returns name as a number (time units may be decimal).
func (p Params) Float(name string) (f float64, ok bool, err error) {
	s := strings.TrimSpace(p.String(name))
	if s == "" {
		return 0, false, nil
	}
	f, convErr := strconv.ParseFloat(s, 64)
	// ParseFloat reads "NaN" and "Inf" too, which no OTRS field holds.
	if convErr != nil || math.IsNaN(f) || math.Abs(f) >= maxFloat {
		return 0, false, &ParamError{name, fmt.Sprintf("a number between %g and %g", -maxFloat, maxFloat)}
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
// element is not an integer within ±MaxInt.
func (p Params) Ints(name string) ([]int, error) {
	var out []int
	for _, s := range p.Strings(name) {
		n, err := parseInt(name, s)
		if err != nil {
			return nil, &ParamError{name, "a list of integers from " + strings.TrimPrefix(wantInt, "an integer from ")}
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
