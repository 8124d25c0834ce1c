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

// TestCellText: a field's text is given when its raw value is a cell,
// held in Cells or as a Cell in Values, and only then; Raw gives the same
// cell.
func TestCellText(t *testing.T) {
	cases := []struct {
		name string
		rec  Record
		i    int
		want string
		ok   bool
	}{
		{"cells", Record{Cells: []string{"1", "Ann"}}, 1, "Ann", true},
		{"empty cell", Record{Cells: []string{"1", ""}}, 1, "", true},
		{"past the cells", Record{Cells: []string{"1"}}, 1, "", false},
		{"a cell in values", Record{Values: []any{Cell("1"), Cell("Ann")}}, 1, "Ann", true},
		{"a string in values", Record{Values: []any{Cell("1"), "Ann"}}, 1, "", false},
		{"null in values", Record{Values: []any{Cell("1"), nil}}, 1, "", false},
		{"past the values", Record{Values: []any{Cell("1")}}, 1, "", false},
		{"values before cells", Record{Values: []any{"1"}, Cells: []string{"1"}}, 0, "", false},
		{"columns", Record{Columns: []Column{{}}}, 0, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.rec.CellText(tc.i)
			if got != tc.want || ok != tc.ok {
				t.Errorf("CellText(%d) = %q, %v; want %q, %v", tc.i, got, ok, tc.want, tc.ok)
			}
			if raw, isCell := tc.rec.Raw(tc.i).(Cell); isCell != ok || string(raw) != got {
				t.Errorf("Raw(%d) = %#v; CellText gave %q, %v", tc.i, tc.rec.Raw(tc.i), got, ok)
			}
		})
	}
}
