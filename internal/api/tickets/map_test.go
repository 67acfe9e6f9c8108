package tickets

import (
	"encoding/json"
	goflag "flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// golden compares v's JSON with testdata/<name>.golden.json.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("..", "testdata", name+".golden.json")
	// -update is registered by proxytest, which the HTTP tests of this
	// package link in; one flag serves both.
	if f := goflag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs (-update rewrites it)\n--- want\n%s\n--- got\n%s", name, want, got)
	}
}

// recorded reads a TicketGet answer recorded from Znuny 6.5.4.
func recorded(t *testing.T, name string) []gi.Ticket {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var out struct{ Ticket []gi.Ticket }
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out.Ticket
}

func berlin(t *testing.T) Zones {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return Zones{Agent: loc, Server: time.UTC}
}

// TestTicketFromRecording maps recorded TicketGet answers onto the
// contract's ticket record: dates in the agent's zone, nulls, numbers.
func TestTicketFromRecording(t *testing.T) {
	z := berlin(t)
	for _, tc := range []struct{ golden, file string }{
		{"map-ticket-080", "gi-080-ticketget.json"},
		{"map-ticket-106-pending", "gi-106-ticketget-pending-pdf.json"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			tk := recorded(t, tc.file)[0]
			rec := newTicket(&tk, z, ticketExtras{
				flags:    TicketFlags{Seen: true, Watchers: []int{2, 3}, Links: 1},
				customer: PersonName{FirstName: "John", LastName: "Doe"}, agentID: 2,
			})
			golden(t, tc.golden, rec)
		})
	}
}

func TestArticlesFromRecording(t *testing.T) {
	tk := recorded(t, "gi-084-ticketget-html.json")[0]
	z := berlin(t)
	at := newArticleTicket(&tk, z)
	var out []Article
	for i := range tk.Article {
		out = append(out, newArticle(at, &tk.Article[i], z, i == 0))
	}
	if out[0].HTMLBody == nil || out[0].HTMLBody.FileID != 1 || len(out[0].Attachments) != 0 {
		t.Errorf("article 1: HTML body not recognised: %+v %+v", out[0].HTMLBody, out[0].Attachments)
	}
	golden(t, "map-articles-084", out)
}

func TestDynamicFields(t *testing.T) {
	tk := recorded(t, "gi-081-ticketget-df.json")[0]
	defs := map[string]DynamicFieldDef{
		"Severity":    {Name: "Severity", FieldType: "Dropdown", PossibleValues: map[string]string{"high": "High"}},
		"Components":  {Name: "Components", FieldType: "Multiselect"},
		"ProductCode": {Name: "ProductCode", FieldType: "Text"},
		"DueDate":     {Name: "DueDate", FieldType: "Date"},
	}
	mobile := map[string]map[string]string{"Severity": {"AgentMobileTicketStatus": "rw"}, "ProductCode": {"AgentMobileEditTicket": "ro"}}
	all := dynamicFields("all", tk.DynamicField, defs, mobile)
	if got := (*all)["Severity"].Value; got != "High" {
		t.Errorf("Dropdown value = %v, want the display value High", got)
	}
	golden(t, "map-df-all", all)
	golden(t, "map-df-mobile", dynamicFields("mobile", tk.DynamicField, defs, mobile))
}

func TestTicketNumberJSON(t *testing.T) {
	for in, want := range map[string]string{
		"2026112610000015":   `2026112610000015`,
		"9007199254740993":   `"9007199254740993"`,
		"0123":               `"0123"`,
		"T-1":                `"T-1"`,
		"":                   `null`,
		"20261126100000159x": `"20261126100000159x"`,
	} {
		b, _ := json.Marshal(TicketNumber(in))
		if string(b) != want {
			t.Errorf("TicketNumber(%q) = %s, want %s", in, b, want)
		}
	}
}

func TestBuildListPlan(t *testing.T) {
	now := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		params   api.Params
		personal []int
		want     gi.Search
		none     bool
		check    func(*testing.T, listPlan)
	}{
		{name: "empty", params: api.Params{}, want: gi.Search{"Limit": 500}},
		{name: "lists from GET, comma and repeated", params: api.Params{"QueueIDs": "5,6", "States": []string{"new", "open"}, "OwnerIDs": "2"},
			want: gi.Search{"QueueIDs": []int{5, 6}, "States": []string{"new", "open"}, "OwnerIDs": []int{2}, "Limit": 500}},
		{name: "article fields and wildcards", params: api.Params{"From": "%bwayne%", "Subject": "laptop", "Title": "%Printer%", "FullTextSearch": "%fuser% 2026112610000113"},
			want: gi.Search{"MIMEBase_From": "*bwayne*", "MIMEBase_Subject": "laptop", "Title": "*Printer*", "Fulltext": "*fuser* 2026112610000113", "Limit": 500},
			check: func(t *testing.T, p listPlan) {
				if !reflect.DeepEqual(p.numbers, []string{"2026112610000113"}) {
					t.Errorf("numbers = %v", p.numbers)
				}
			}},
		{name: "StateType Open expands", params: api.Params{"StateType": "Open"},
			want: gi.Search{"StateType": openStateTypes, "Limit": 500}},
		{name: "StateType closed expands", params: api.Params{"StateType": "closed"},
			want: gi.Search{"StateType": closedStateTypes, "Limit": 500}},
		{name: "Limit Offset", params: api.Params{"Limit": json.Number("10"), "Offset": json.Number("20")},
			want: gi.Search{"Limit": 30}},
		{name: "Count asks for everything", params: api.Params{"Count": json.Number("1"), "Limit": json.Number("10")},
			want: gi.Search{"Limit": 500}},
		{name: "sort pairs", params: api.Params{"SortBy": []any{"Priority", "Age"}, "OrderBy": []any{"Down"}},
			want: gi.Search{"SortBy": []string{"Priority", "Age"}, "OrderBy": []string{"Down", "Up"}, "Limit": 500}},
		{name: "view assigned", params: api.Params{"ViewID": json.Number("-1")},
			want: gi.Search{"OwnerIDs": []int{7}, "StateType": openStateTypes, "Limit": 500}},
		{name: "view assigned narrows OwnerIDs to nothing", params: api.Params{"ViewID": "-1", "OwnerIDs": []any{json.Number("3")}},
			want: gi.Search{"OwnerIDs": []int{}, "Limit": 500}, none: true},
		{name: "view my queues", params: api.Params{"ViewID": "-2"}, personal: []int{5, 6},
			want: gi.Search{"QueueIDs": []int{5, 6}, "StateType": openStateTypes, "Limit": 500}},
		{name: "view my queues without personal queues is Open", params: api.Params{"ViewID": "-2"},
			want: gi.Search{"StateType": openStateTypes, "Limit": 500}},
		{name: "view my queues and QueueIDs intersect", params: api.Params{"ViewID": "-2", "QueueIDs": "6,7"}, personal: []int{5, 6},
			want: gi.Search{"QueueIDs": []int{6}, "StateType": openStateTypes, "Limit": 500}},
		{name: "view closed with StateType open is empty", params: api.Params{"ViewID": "-4", "StateType": "open"},
			want: gi.Search{"StateType": []string{}, "Limit": 500}, none: true},
		{name: "view new notes", params: api.Params{"ViewID": "-5", "Limit": "5"},
			want: gi.Search{"StateType": openStateTypes, "Limit": 500},
			check: func(t *testing.T, p listPlan) {
				if !p.unseen || p.limit != 5 {
					t.Errorf("unseen=%v limit=%d", p.unseen, p.limit)
				}
			}},
		{name: "view my locked", params: api.Params{"ViewID": "-6"},
			want: gi.Search{"OwnerIDs": []int{7}, "Locks": []string{"lock", "tmp_lock"}, "Limit": 500}},
		{name: "view my watched", params: api.Params{"ViewID": "-7"},
			want: gi.Search{"WatchUserIDs": []int{7}, "Limit": 500}},
		{name: "created filters", params: api.Params{"CreatedNewerMinutes": "30", "CreatedNewerDays": "1", "CreatedOlderMinutes": "4", "CreatedOlderDate": "2026-11-26 17:00:00"},
			want: gi.Search{"TicketCreateTimeNewerDate": "2026-11-26 17:30:00", "TicketCreateTimeOlderDate": "2026-11-26 17:00:00", "Limit": 500}},
		{name: "smart sort", params: api.Params{"SmartSort": "1", "OrderBy": "Down", "SortBy": "Age"},
			want: gi.Search{"Limit": 500},
			check: func(t *testing.T, p listPlan) {
				if !p.smart || !p.smartDown || p.now != "2026-11-26 18:00:00" {
					t.Errorf("smart=%v down=%v now=%q", p.smart, p.smartDown, p.now)
				}
			}},
		{name: "TicketID filters after the search", params: api.Params{"TicketID": "4", "Limit": "1"},
			want: gi.Search{"Limit": 500},
			check: func(t *testing.T, p listPlan) {
				if p.ticketID != 4 {
					t.Errorf("ticketID = %d", p.ticketID)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := buildListPlan(tc.params, 7, tc.personal, now, 500)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.search, tc.want) {
				t.Errorf("search = %#v\nwant     %#v", p.search, tc.want)
			}
			if p.none != tc.none {
				t.Errorf("none = %v, want %v", p.none, tc.none)
			}
			if tc.check != nil {
				tc.check(t, p)
			}
		})
	}
}

func TestBuildListPlanErrors(t *testing.T) {
	for _, p := range []api.Params{
		{"ViewID": "12"}, {"OrderBy": "sideways"}, {"QueueIDs": "a,b"}, {"DynamicFieldsMode": "some"}, {"CreatedOlderDate": "yesterday"},
	} {
		if _, err := buildListPlan(p, 1, nil, time.Now(), 500); err == nil {
			t.Errorf("%v: no error", p)
		}
	}
}

func TestSmartOrder(t *testing.T) {
	// ids sorted by deadline then age, ascending: 1,2 without deadline
	// (1 older), 3,4 overdue (3 most overdue), 5,6 ahead (5 nearest).
	ids := []int{1, 2, 3, 4, 5, 6}
	due, ahead := []int{4, 3, 6, 5}, []int{6, 5}
	if got, want := smartOrder(ids, due, ahead, false), []int{3, 4, 5, 6, 1, 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("Up = %v, want %v", got, want)
	}
	if got, want := smartOrder(ids, due, ahead, true), []int{6, 5, 3, 4, 2, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("Down = %v, want %v", got, want)
	}
}

func TestPage(t *testing.T) {
	ids := []int{1, 2, 3, 4, 5}
	for _, tc := range []struct {
		off, lim int
		want     []int
	}{{0, 0, ids}, {1, 2, []int{2, 3}}, {4, 10, []int{5}}, {5, 1, nil}} {
		if got := page(ids, tc.off, tc.lim); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("page(%d,%d) = %v, want %v", tc.off, tc.lim, got, tc.want)
		}
	}
}

func TestArticleHelpers(t *testing.T) {
	if got := realNames(`"Ivan Testov" <iv@test.com>, b@x.org`); got != "Ivan Testov, b@x.org" {
		t.Errorf("realNames = %q", got)
	}
	if got := realNames("Raw"); got != "Raw" {
		t.Errorf("realNames(queue) = %q", got)
	}
	for _, tc := range []struct {
		ch      int
		visible bool
		want    string
	}{{1, true, "email-external"}, {1, false, "email-internal"}, {2, true, "phone"}, {3, false, "note-internal"}, {3, true, "note-external"}, {4, true, "chat-external"}} {
		if got := articleType(tc.ch, tc.visible); got != tc.want {
			t.Errorf("articleType(%d,%v) = %q, want %q", tc.ch, tc.visible, got, tc.want)
		}
	}
	if direction(false, "customer") != "Internal" || direction(true, "customer") != "Incoming" || direction(true, "agent") != "Outgoing" {
		t.Error("direction")
	}
}
