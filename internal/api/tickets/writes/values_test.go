package writes

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api/tickets"
)

func TestPendingTime(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, tc := range []struct {
		name string
		p    api.Params
		want string // server (UTC) wall clock, "" when none, "err"
	}{
		{"none", api.Params{}, ""},
		{"components in the agent zone, winter", api.Params{"Year": "2026", "Month": "12", "Day": "1", "Hour": "10", "Minute": "30"}, "2026-12-01 09:30"},
		{"components in the agent zone, summer", api.Params{"Year": json.Number("2026"), "Month": json.Number("7"), "Day": "1", "Hour": "0", "Minute": "15"}, "2026-06-30 22:15"},
		{"unix is absolute", api.Params{"UntilTimeDateUnix": "1796198400"}, "2026-12-02 08:00"},
		{"unix wins over components", api.Params{"UntilTimeDateUnix": json.Number("1796198400"), "Year": "1999"}, "2026-12-02 08:00"},
		{"incomplete components", api.Params{"Year": "2026", "Month": "12"}, "err"},
		{"31 February", api.Params{"Year": "2026", "Month": "2", "Day": "31", "Hour": "1", "Minute": "0"}, "err"},
		{"hour 24", api.Params{"Year": "2026", "Month": "2", "Day": "1", "Hour": "24", "Minute": "0"}, "err"},
		{"negative unix", api.Params{"UntilTimeDateUnix": "-5"}, "err"},
		{"text", api.Params{"UntilTimeDateUnix": "tomorrow"}, "err"},
	} {
		pt, ok, err := pendingTime(tc.p, berlin, time.UTC)
		got := ""
		switch {
		case err != nil:
			if !errors.Is(err, errPendingTime) {
				t.Errorf("%s: error %v is not errPendingTime", tc.name, err)
			}
			got = "err"
		case ok:
			got = time.Date(pt.Year, time.Month(pt.Month), pt.Day, pt.Hour, pt.Minute, 0, 0, time.UTC).Format("2006-01-02 15:04")
		}
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestDynamicFieldInput(t *testing.T) {
	defs := map[string]tickets.DynamicFieldDef{
		"Severity":   {Name: "Severity", FieldType: "Dropdown", PossibleValues: map[string]string{"low": "Low", "high": "High"}},
		"Components": {Name: "Components", FieldType: "Multiselect", PossibleValues: map[string]string{"db": "Database", "web": "Web"}},
		"DueDate":    {Name: "DueDate", FieldType: "Date"},
		"Start":      {Name: "Start", FieldType: "DateTime"},
		"Done":       {Name: "Done", FieldType: "Checkbox"},
		"Code":       {Name: "Code", FieldType: "Text"},
		"Process":    {Name: "Process", FieldType: "ProcessID", Internal: true},
	}
	for _, tc := range []struct {
		name, in, want string
		defs           map[string]tickets.DynamicFieldDef
	}{
		{"shapes per type", `{"Severity":"High","Components":["Database","web",""],"DueDate":"2027-01-31","Start":"2027-01-31 08:15","Done":true,"Code":42}`,
			`[{"Name":"Code","Value":"42"},{"Name":"Components","Value":["db","web"]},{"Name":"Done","Value":"1"},{"Name":"DueDate","Value":"2027-01-31 00:00:00"},{"Name":"Severity","Value":"high"},{"Name":"Start","Value":"2027-01-31 08:15:00"}]`, defs},
		{"null clears", `{"Code":null,"Components":null}`, `[{"Name":"Code","Value":""},{"Name":"Components","Value":[]}]`, defs},
		{"GET text form", `"{\"Code\":\"x\"}"`, `[{"Name":"Code","Value":"x"}]`, defs},
		{"no definitions: text and lists pass", `{"Any":["a",1],"Other":2}`, `[{"Name":"Any","Value":["a","1"]},{"Name":"Other","Value":"2"}]`, nil},
		{"unknown field", `{"Nope":"x"}`, "err", defs},
		{"internal field", `{"Process":"x"}`, "err", defs},
		{"bad date", `{"DueDate":"31.01.2027"}`, "err", defs},
		{"object value", `{"Code":{"a":1}}`, "err", defs},
		{"list for a text field", `{"Code":["a"]}`, "err", defs},
		{"not an object", `[1,2]`, "err", defs},
	} {
		dec := json.NewDecoder(stringsReader(tc.in))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		out, _, err := dynamicFieldInput(api.Params{"DynamicFields": v}, tc.defs)
		got := "err"
		if err == nil {
			b, _ := json.Marshal(out)
			got = string(b)
		}
		if got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestChannelOf(t *testing.T) {
	for in, want := range map[string]string{
		"": "Phone true", "Phone": "Phone true", "email": "Email true", "Chat": "Chat true", "Internal": "Internal false",
		"note-internal": "Internal false", "note-external": "Internal true", "email-internal": "Email false", "Fax": "err", "phone-x": "err",
	} {
		ch, vis, err := channelOf(in)
		got := "err"
		if err == nil {
			got = ch + " " + map[bool]string{true: "true", false: "false"}[vis]
		}
		if got != want {
			t.Errorf("channelOf(%q) = %s, want %s", in, got, want)
		}
	}
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
