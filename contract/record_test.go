package contract

import "testing"

// TestWhere: a record says where it is by Loc, else by its line, else by
// its row, and AppendWhere appends the same text.
func TestWhere(t *testing.T) {
	cases := []struct {
		name string
		rec  Record
		want string
	}{
		{"nothing", Record{}, ""},
		{"loc", Record{Loc: "record 7"}, "record 7"},
		{"line", Record{Line: 12}, "line 12"},
		{"row", Record{Row: 3}, "row 3"},
		{"line before row", Record{Line: 12, Row: 3}, "line 12"},
		{"loc before line", Record{Loc: "byte offset 9", Line: 12}, "byte offset 9"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.rec.Where(); got != tc.want {
				t.Errorf("Where = %q, want %q", got, tc.want)
			}
			if got := string(tc.rec.AppendWhere([]byte("at "))); got != "at "+tc.want {
				t.Errorf("AppendWhere = %q, want %q", got, "at "+tc.want)
			}
		})
	}
}
