package api

import (
	"encoding/json"
	"errors"
	"fmt"
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
		{"largest", json.Number("2147483647"), MaxInt, true, false},
		{"smallest", "-2147483647", -MaxInt, true, false},
		{"beyond int32", json.Number("2147483648"), 0, false, true},
		{"page that overflowed (pageNo-1)*limit", json.Number("4611686018427387905"), 0, false, true},
		{"MaxInt64", "9223372036854775807", 0, false, true},
		{"beyond int64", "99999999999999999999999", 0, false, true},
		{"huge float", json.Number("1e300"), 0, false, true},
		{"integral exponent", json.Number("5e2"), 500, true, false},
		{"NaN", "NaN", 0, false, true},
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

func TestParamsFlagFloatInts(t *testing.T) {
	p := Params{"One": json.Number("1"), "Zero": "0", "True": true, "Two": json.Number("2"), "Minus": "-1", "Yes": "yes",
		"NaN": "NaN", "Inf": "-Inf", "Big": json.Number("1e8"), "Est": "1.5",
		"IDs": []any{json.Number("1"), "2"}, "BadIDs": []string{"1", "2147483648"}}
	for _, tc := range []struct {
		name    string
		on, ok  bool
		wantErr bool
	}{
		{"One", true, true, false}, {"Zero", false, true, false}, {"True", true, true, false}, {"Absent", false, false, false},
		{"Two", false, false, true}, {"Minus", false, false, true}, {"Yes", false, false, true},
	} {
		on, ok, err := p.Flag(tc.name)
		var pe *ParamError
		if on != tc.on || ok != tc.ok || (err != nil) != tc.wantErr || (err != nil && (!errors.As(err, &pe) || pe.Message() != "Parameter is incorrect: "+tc.name)) {
			t.Errorf("Flag(%s) = %v, %v, %v", tc.name, on, ok, err)
		}
	}
	for _, tc := range []struct {
		name    string
		want    float64
		wantErr bool
	}{{"Est", 1.5, false}, {"NaN", 0, true}, {"Inf", 0, true}, {"Big", 0, true}, {"Yes", 0, true}} {
		f, _, err := p.Float(tc.name)
		if f != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("Float(%s) = %v, %v", tc.name, f, err)
		}
	}
	if ids, err := p.Ints("IDs"); err != nil || !reflect.DeepEqual(ids, []int{1, 2}) {
		t.Errorf("Ints(IDs) = %v, %v", ids, err)
	}
	if _, err := p.Ints("BadIDs"); err == nil {
		t.Error("Ints accepted an id beyond MaxInt")
	}
	if n, _, err := (Params{"L": "-3"}).NonNegative("L"); err == nil {
		t.Errorf("NonNegative(-3) = %d", n)
	}
	if msg := ClientMessage(fmt.Errorf("wrapped: %w", Bad("Limit", "x"))); msg != "Parameter is incorrect: Limit" {
		t.Errorf("ClientMessage = %q", msg)
	}
}
