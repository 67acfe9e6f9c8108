package gi

import (
	"fmt"
	"testing"
)

func TestParseGIQuery(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want string
	}{
		{"QueueIDs=5&QueueIDs=6", "map[QueueIDs:[5 6]]"},
		{"Limit=0", "map[Limit:]"},
		{"Title=Request+new%20laptop", "map[Title:Request new laptop]"},
		{"StateType=new;StateType=open&StateType=pending+reminder", "map[StateType:[new open pending reminder]]"},
		{"", "map[]"},
	} {
		if got := fmt.Sprint(parseGIQuery(tc.raw)); got != tc.want {
			t.Errorf("parseGIQuery(%q) = %s, want %s", tc.raw, got, tc.want)
		}
	}
}
