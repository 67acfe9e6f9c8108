package store

import (
	"slices"
	"testing"
)

// FailNext fails exactly the calls it was asked to, of its step only.
func TestFailNext(t *testing.T) {
	cases := []struct {
		name  string
		n     int
		calls int
		want  []bool
	}{
		{"none arranged", 0, 2, []bool{false, false}},
		{"one", 1, 3, []bool{true, false, false}},
		{"two", 2, 3, []bool{true, true, false}},
		{"every call", -1, 3, []bool{true, true, true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := NewStore()
			s.FailNext(StepLockSet, tc.n)
			var got []bool
			for range tc.calls {
				got = append(got, s.Fails(StepLockSet))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Fails = %v, want %v", got, tc.want)
			}
			if s.Fails(StepOwnerSet) {
				t.Error("another step fails too")
			}
		})
	}
}
