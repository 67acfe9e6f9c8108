package api

import (
	"encoding/json"
	"testing"
)

func TestBuildTree(t *testing.T) {
	all := []pathItem{{1, "A"}, {2, "A::B"}, {3, "A::B::C"}, {4, "A::B::C::D"}, {5, "E"}, {6, "E::F"}, {7, "A B"}}
	tests := []struct {
		name       string
		accessible []int
		flat       string
		tree       string
	}{
		{"two inaccessible ancestor levels are kept", []int{3},
			`[{"ID":1,"Name":"A","FullName":"A","Accessible":0},{"ID":2,"Name":"B","FullName":"A::B","Accessible":0},{"ID":3,"Name":"C","FullName":"A::B::C","Accessible":1}]`,
			`[{"ID":1,"Name":"A","FullName":"A","Accessible":0,"Childs":[{"ID":2,"Name":"B","FullName":"A::B","Accessible":0,"Childs":[{"ID":3,"Name":"C","FullName":"A::B::C","Accessible":1,"Childs":[]}]}]}]`},
		{"an accessible parent of an inaccessible child", []int{5},
			`[{"ID":5,"Name":"E","FullName":"E","Accessible":1}]`,
			`[{"ID":5,"Name":"E","FullName":"E","Accessible":1,"Childs":[]}]`},
		{"a name that is a prefix but not a parent", []int{7, 4},
			`[{"ID":1,"Name":"A","FullName":"A","Accessible":0},{"ID":7,"Name":"A B","FullName":"A B","Accessible":1},{"ID":2,"Name":"B","FullName":"A::B","Accessible":0},{"ID":3,"Name":"C","FullName":"A::B::C","Accessible":0},{"ID":4,"Name":"D","FullName":"A::B::C::D","Accessible":1}]`,
			`[{"ID":1,"Name":"A","FullName":"A","Accessible":0,"Childs":[{"ID":2,"Name":"B","FullName":"A::B","Accessible":0,"Childs":[{"ID":3,"Name":"C","FullName":"A::B::C","Accessible":0,"Childs":[{"ID":4,"Name":"D","FullName":"A::B::C::D","Accessible":1,"Childs":[]}]}]}]},{"ID":7,"Name":"A B","FullName":"A B","Accessible":1,"Childs":[]}]`},
		{"nothing accessible", nil, `[]`, `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok := map[int]bool{}
			for _, id := range tt.accessible {
				ok[id] = true
			}
			flat, tree := buildTree(all, func(id int) bool { return ok[id] })
			if got := mustJSON(t, flat); got != tt.flat {
				t.Errorf("flat\n got %s\nwant %s", got, tt.flat)
			}
			if got := mustJSON(t, tree); got != tt.tree {
				t.Errorf("tree\n got %s\nwant %s", got, tt.tree)
			}
		})
	}
}

func TestWildMatch(t *testing.T) {
	tests := []struct {
		pattern, value string
		want           bool
	}{
		{"", "x", true}, {"jdoe", "JDoe", true}, {"jdo", "jdoe", false}, {"j*", "jdoe", true},
		{"*@acme.example", "a@acme.example", true}, {"*@acme.example", "a@globex.example", false},
		{"a*e", "ae", true}, {"a*b*c", "axbyc", true}, {"a*b*c", "axcyb", false},
	}
	for _, tt := range tests {
		if got := wildMatch(tt.pattern, tt.value); got != tt.want {
			t.Errorf("wildMatch(%q, %q) = %v, want %v", tt.pattern, tt.value, got, tt.want)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
