package proxy

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestBindParams(t *testing.T) {
	tests := []struct {
		name        string
		method      string
		query       string
		contentType string
		body        string
		wantIDs     []int
		wantTitle   string
		wantErr     error
	}{
		{"GET repeated keys", "GET", "QueueIDs=1&QueueIDs=2&Title=a+b", "", "", []int{1, 2}, "a b", nil},
		{"GET brackets", "GET", "QueueIDs[]=1&QueueIDs[]=2&Title=x", "", "", []int{1, 2}, "x", nil},
		{"GET comma list", "GET", "QueueIDs=1,2&Title=x", "", "", []int{1, 2}, "x", nil},
		{"POST JSON numbers", "POST", "", "application/json", `{"QueueIDs":[1,2],"Title":"x"}`, []int{1, 2}, "x", nil},
		{"POST JSON numeric strings", "POST", "", "application/json; charset=utf-8", `{"QueueIDs":["1","2"],"Title":"x"}`, []int{1, 2}, "x", nil},
		{"POST JSON body wins over query", "POST", "Title=q", "application/json", `{"QueueIDs":[1,2],"Title":"x"}`, []int{1, 2}, "x", nil},
		{"POST form", "POST", "", "application/x-www-form-urlencoded", "QueueIDs=1&QueueIDs=2&Title=x", []int{1, 2}, "x", nil},
		{"POST JSON with curl's form type", "POST", "", "application/x-www-form-urlencoded", `{"QueueIDs":[1,2],"Title":"x"}`, []int{1, 2}, "x", nil},
		{"POST JSON without type", "POST", "", "", `{"QueueIDs":[1,2],"Title":"x"}`, []int{1, 2}, "x", nil},
		{"POST empty body", "POST", "QueueIDs=1&QueueIDs=2&Title=x", "application/json", "", []int{1, 2}, "x", nil},
		{"malformed JSON", "POST", "", "application/json", `{"Title":`, nil, "", errBadBody},
		{"JSON array body", "POST", "", "application/json", `[1,2]`, nil, "", errBadBody},
		{"trailing data", "POST", "", "application/json", `{"Title":"x"} {}`, nil, "", errBadBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "/x?"+tt.query, strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			c := echo.New().NewContext(req, httptest.NewRecorder())
			p, err := bindParams(c)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ids, err := p.Ints("QueueIDs")
			if err != nil || !reflect.DeepEqual(ids, tt.wantIDs) {
				t.Errorf("QueueIDs = %v, %v; want %v", ids, err, tt.wantIDs)
			}
			if got := p.String("Title"); got != tt.wantTitle {
				t.Errorf("Title = %q, want %q", got, tt.wantTitle)
			}
		})
	}
}

func TestBindMethodWithoutBody(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/x?TicketID=7", strings.NewReader(`{"TicketID":8}`))
	c := echo.New().NewContext(req, httptest.NewRecorder())
	p, err := bindParams(c)
	if err != nil {
		t.Fatal(err)
	}
	if n, ok, err := p.Int("TicketID"); n != 7 || !ok || err != nil {
		t.Errorf("TicketID = %d %v %v, want 7 from the query (a GET body is ignored)", n, ok, err)
	}
}
