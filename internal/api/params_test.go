package api

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

func TestParamsInt(t *testing.T) {
	tests := []struct {
		name    string
		value   any
		want    int
		wantOK  bool
		wantErr bool
	}{
		{"absent", nil, 0, false, false},
		{"JSON number", json.Number("42"), 42, true, false},
		{"JSON integral float", json.Number("42.0"), 42, true, false},
		{"numeric string", "42", 42, true, false},
		{"padded string", " 42 ", 42, true, false},
		{"empty string", "", 0, false, false},
		{"text", "abc", 0, false, true},
		{"fraction", json.Number("4.5"), 0, false, true},
		{"object", map[string]any{}, 0, false, true},
		{"repeated query key", []string{"7", "8"}, 7, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Params{}
			if tt.value != nil {
				p["X"] = tt.value
			}
			n, ok, err := p.Int("X")
			var pe *ParamError
			if (err != nil) != tt.wantErr || (err != nil && !errors.As(err, &pe)) {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if n != tt.want || ok != tt.wantOK {
				t.Errorf("Int = %d, %v; want %d, %v", n, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestParamsObject(t *testing.T) {
	p := Params{"JSON": map[string]any{"a": "b"}, "Text": `{"a":"b"}`, "Bad": "nope", "List": []any{1}}
	for _, name := range []string{"JSON", "Text"} {
		obj, ok, err := p.Object(name)
		if err != nil || !ok || obj["a"] != "b" {
			t.Errorf("Object(%s) = %v, %v, %v", name, obj, ok, err)
		}
	}
	for _, name := range []string{"Bad", "List"} {
		if _, _, err := p.Object(name); err == nil {
			t.Errorf("Object(%s) accepted a non-object", name)
		}
	}
	if _, ok, err := p.Object("Absent"); ok || err != nil {
		t.Errorf("Object(Absent) = %v, %v", ok, err)
	}
}

func TestParamsMissing(t *testing.T) {
	p := Params{"Title": "x", "Body": "", "QueueID": json.Number("0")}
	got := p.Missing("Title", "QueueID", "PriorityID", "Body")
	if want := []string{"PriorityID", "Body"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Missing = %v, want %v", got, want)
	}
	if err := Required(got); ClientMessage(err) != "Required fields is not defined: PriorityID, Body" {
		t.Errorf("message %q", ClientMessage(err))
	}
}

func TestClientMessage(t *testing.T) {
	if got := ClientMessage(errors.New("pq: connection refused")); got != MsgContactAdmin {
		t.Errorf("a plain error leaked as %q", got)
	}
	wrapped := errors.Join(errors.New("context"), Fail(MsgNoTicket, nil))
	if got := ClientMessage(wrapped); got != MsgNoTicket {
		t.Errorf("wrapped Error gave %q", got)
	}
}
