package main

import (
	"regexp"
	"sort"
	"strings"
)

// The response schemas are inferred from the contract's success examples
// (and success_alternatives). The rules below are the decisions taken
// where an example alone is ambiguous; each names its source.

// dateKey matches the names of date and time fields. DECISIONS.md 4 (the
// changelog's null rule): a zero or empty date is null in every answer, so
// such a field is nullable whatever its example shows (examples predating
// the rule show 0 or "").
var dateKey = regexp.MustCompile(`(Time|Date|Unix|Created|Changed|LastLogin|Age$|Until)`)

// openObjects are the objects whose key set the contract leaves open: the
// example shows some keys, an answer may carry others. Keyed by the JSON
// path of the object from the answer's top level ("[]" marks list items).
// Everything not listed here is closed (additionalProperties: false), so a
// key a handler invents fails the answer tests.
var openObjects = map[string]string{
	// Dynamic fields are configured per installation: getCustomerUser and
	// getCustomerUserList carry one DynamicField_<Name> key per field.
	"/customers/getCustomerUser":                     "DynamicField_<Name> keys, one per configured customer-user field",
	"/customers/getCustomerUserList.CustomerUsers[]": "DynamicField_<Name> keys, one per configured customer-user field",
	// A dynamic field's Config and Screens are OTRS's own structures,
	// different for every FieldType.
	"/system/getDynamicFieldList.DynamicFields.Article[].Config":               "OTRS's per-FieldType config",
	"/system/getDynamicFieldList.DynamicFields.Article[].Screens":              "OTRS's screen settings",
	"/system/getDynamicFieldList.DynamicFields.Ticket[].Config":                "OTRS's per-FieldType config",
	"/system/getDynamicFieldList.DynamicFields.Ticket[].Screens":               "OTRS's screen settings",
	"/system/getDynamicFieldList.DynamicFields.Ticket[].Config.PossibleValues": "the field's own value -> label map",
	// getUserList answers OTRS's user record with every preference the
	// agent has set (UserXxxPageShown and the like): open by nature.
	"/users/getUserList.Users[]": "OTRS's user preferences, one key per preference set",
	// A ticket is OTRS's TicketGet record: it carries Service and SLA names
	// beside their ids (issue 15), DynamicField_<Name> keys and whatever
	// the installation's TicketGet adds.
	"/tickets/getTicketList.Tickets[]": "OTRS's TicketGet record: Service and SLA names, DynamicField_<Name> keys",
	// An article likewise is OTRS's ArticleGet record plus its attachments.
	"/tickets/getArticles.Articles[]": "OTRS's ArticleGet record: DynamicField_<Name> keys, channel-specific fields",
}

// noted are the keys the contract's success_notes describe but its
// example does not show, keyed by the object's path; their schemas are
// written from the note.
var noted = map[string]obj{
	// getTicketViews, State items: "IsVisible (1 when the state is
	// covered by Ticket::ViewableStateType), StateType (the state's type
	// class)". Items of the other groups never carry them (closed list).
	"/filters/getTicketViews.Groups[].Items[]": {
		"IsVisible": obj{"type": "integer", "enum": []int{0, 1}},
		"StateType": obj{"type": []string{"string", "null"}},
	},
	// getTicketList: "TicketFromFullTextSearch (6.41.0) ... presumably one
	// ticket record": the proxy answers a ticket record, typed as one
	// (sameAs below).
	"/tickets/getTicketList": {"TicketFromFullTextSearch": obj{}},
}

// sameAs: an object noted above that has the schema of another path.
var sameAs = map[string]string{
	"/tickets/getTicketList.TicketFromFullTextSearch": "/tickets/getTicketList.Tickets[]",
}

// overrides replace what the example would give, where a note or a
// DECISIONS.md point says the example is out of date.
var overrides = map[string]obj{
	// "UntilTimeDate (pending time) formatted in the agent's time zone
	// since 6.44.0": a date string, the example's 0 predates it; null
	// when the ticket has no pending time (null rule).
	"/tickets/getTicketList.Tickets[].UntilTimeDate": {"type": []string{"string", "null"}},
	// "HTMLBody, when not null, describes the stored HTML version": an
	// attachment record or null; typed from the example's record below.
	"/tickets/getArticles.Articles[].HTMLBody": nil,
	// getTicketViews, state Screens: "object whose keys are mobile screen
	// names and values 1". An open map of integers.
	"/filters/getTicketViews.Groups[].Items[].Screens": {"type": "object", "additionalProperties": obj{"type": "integer"}},
	// getTicketList DynamicFields: "object keyed by field name; each entry
	// has Value, Type (field type), Screens (mobile screen name -> access,
	// e.g. "rw") and Name". An open map of closed entries.
	"/tickets/getTicketList.Tickets[].DynamicFields": {"type": "object", "additionalProperties": obj{
		"type": "object", "additionalProperties": false,
		"properties": obj{
			"Name":    obj{"type": "string"},
			"Type":    obj{"type": "string"},
			"Value":   obj{},
			"Screens": obj{"type": "object", "additionalProperties": obj{"type": "string"}},
		},
	}},
}

// nullableObjects are objects the answer gives as null when absent.
var nullableObjects = map[string]bool{
	"/tickets/getArticles.Articles[].HTMLBody": true,
}

// stringIDs are the ...ID keys that are OTRS strings, not numeric ids:
// a customer company's and a customer user's login, MIME's Content-ID.
var stringIDs = map[string]bool{"CustomerID": true, "CustomerUserID": true, "ContentID": true}

// infer returns the JSON Schema of an example value at path p.
func infer(p, key string, v any) obj {
	if o, ok := overrides[p]; ok && o != nil {
		return o
	}
	switch x := v.(type) {
	case nil:
		// null in the example: the type is not shown. Ids are integers
		// (DECISIONS.md 3: ids and counts are numbers); anything else
		// is a string, which the null rule turned into null.
		if key == "Value" {
			// a dynamic field's value: its type is the field's.
			return obj{}
		}
		if dateKey.MatchString(key) || strings.HasSuffix(key, "ID") && !stringIDs[key] {
			return obj{"type": []string{"integer", "null"}}
		}
		return obj{"type": []string{"string", "null"}}
	case string:
		// DECISIONS.md 4: an empty string is null in every answer.
		return obj{"type": []string{"string", "null"}}
	case bool:
		return obj{"type": "boolean"}
	case float64:
		t := "integer"
		if x != float64(int64(x)) {
			t = "number"
		}
		// DECISIONS.md 3: TicketNumber is a number when all digits and
		// below 2^53, else a string.
		if key == "TicketNumber" {
			return obj{"type": []string{"integer", "string"}}
		}
		if dateKey.MatchString(key) {
			return obj{"type": []string{t, "null"}}
		}
		return obj{"type": t}
	case []any:
		// A list's items: the union of every element's keys, so an
		// example listing one variant per element (getTicketViews'
		// groups) types them all.
		var items obj
		for _, e := range x {
			items = merge(items, infer(p+"[]", "", e))
		}
		if items == nil {
			items = obj{}
		}
		return obj{"type": "array", "items": items}
	case map[string]any:
		props := obj{}
		for k, e := range x {
			props[k] = infer(p+"."+k, k, e)
		}
		for k, e := range noted[p] {
			props[k] = e
		}
		s := obj{"type": "object", "properties": props}
		if nullableObjects[p] {
			s["type"] = []string{"object", "null"}
		}
		if why, open := openObjects[p]; open {
			s["description"] = "Open key set: " + why + "."
		} else {
			s["additionalProperties"] = false
		}
		return s
	}
	return obj{}
}

// merge unites two inferred schemas: objects take the union of their
// properties, differing scalar types the union of their types.
func merge(a, b obj) obj {
	if a == nil {
		return b
	}
	if a["type"] == "object" && b["type"] == "object" {
		pa, _ := a["properties"].(obj)
		pb, _ := b["properties"].(obj)
		if pa == nil || pb == nil {
			// an override (an open map): the same schema for every item
			return a
		}
		for k, v := range pb {
			if old, ok := pa[k]; ok {
				pa[k] = merge(old.(obj), v.(obj))
			} else {
				pa[k] = v
			}
		}
		return a
	}
	if a["type"] == "array" && b["type"] == "array" {
		a["items"] = merge(a["items"].(obj), b["items"].(obj))
		return a
	}
	ta, tb := types(a), types(b)
	if len(ta) == 0 || len(tb) == 0 {
		return obj{}
	}
	set := map[string]bool{}
	for _, t := range append(ta, tb...) {
		set[t] = true
	}
	if set["number"] {
		delete(set, "integer")
	}
	var out []string
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	if len(out) == 1 {
		return obj{"type": out[0]}
	}
	return obj{"type": out}
}

func types(s obj) []string {
	switch t := s["type"].(type) {
	case string:
		return []string{t}
	case []string:
		return t
	}
	return nil
}
