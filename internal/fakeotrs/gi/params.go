package gi

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// giStr reads a scalar input value as OTRS's Perl sees it: strings,
// numbers and booleans all become text; lists and hashes are "".
func giStr(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int:
		return strconv.Itoa(v)
	case bool:
		if v {
			return "1"
		}
		return ""
	}
	return ""
}

// Str is giStr for the SOAP transport, which writes scalars as OTRS
// reads them.
func Str(v any) string { return giStr(v) }

// giInt reads an id; 0 when absent or not a number.
func giInt(v any) int {
	n, _ := strconv.Atoi(strings.TrimSpace(giStr(v)))
	return n
}

// giTrue is Perl truthiness of a flag ("", "0" and absent are false).
func giTrue(v any) bool {
	s := giStr(v)
	return s != "" && s != "0"
}

// giList reads a value that may be one scalar or a list of them.
func giList(v any) []string {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			out = append(out, giStr(e))
		}
		return out
	case []string:
		return v
	}
	return []string{giStr(v)}
}

func giInts(v any) []int {
	var out []int
	for _, s := range giList(v) {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// giHash reads a JSON object input; nil when it is anything else.
func giHash(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// giHashes reads one object or a list of objects (Attachment,
// DynamicField).
func giHashes(v any) []map[string]any {
	switch v := v.(type) {
	case map[string]any:
		return []map[string]any{v}
	case []any:
		var out []map[string]any
		for _, e := range v {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// giTicketIDs reads TicketID as TicketGet and TicketHistoryGet do: one id,
// a list, or comma-separated ids; nil when the first one is missing.
func giTicketIDs(d giData) []string {
	var ids []string
	for _, v := range giList(d["TicketID"]) {
		ids = append(ids, strings.Split(v, ",")...)
	}
	if len(ids) == 0 || ids[0] == "" {
		return nil
	}
	return ids
}

// DecodeJSON decodes b with its numbers as written (json.Number), so that
// ids and flags keep the text OTRS's transports see.
func DecodeJSON(b []byte) (any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	err := dec.Decode(&v)
	return v, err
}
