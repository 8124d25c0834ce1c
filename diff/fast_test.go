package diff

import (
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
)

// TestFastRowMatchesParse checks that the key string and row built from
// cells are the bytes that parsing each cell gives, for values whose
// length takes one, two or three bytes in the row, for a key whose
// fields are not in field order, and for a field of each CellKind.
func TestFastRowMatchesParse(t *testing.T) {
	c := compositeContract()
	c.Key = []int{1, 0}
	c.Fields = append(c.Fields, &contract.Field{Name: "note", Type: contract.TypeString, Ignore: true, Index: 3},
		&contract.Field{Name: "n2", Type: contract.TypeInt, Index: 4},
		&contract.Field{Name: "price", Type: contract.TypeDecimal, Index: 5},
		&contract.Field{Name: "at", Type: contract.TypeTimestamp, Index: 6},
		&contract.Field{Name: "ok", Type: contract.TypeBool, Index: 7})
	tests := []struct {
		name  string
		cells []string
	}{
		{"short", []string{"eu", "7", "ann", "x", "1", "1.50", "2024-05-01 10:00:00.120", "yes"}},
		{"null compared field", []string{"eu", "7", "", "x", "", "", "", ""}},
		{"127 bytes", []string{"eu", "7", strings.Repeat("a", 125), "", "2", "-0.0", "2024-05-01T10:00:00Z", "F"}},
		{"128 bytes", []string{"eu", "7", strings.Repeat("b", 126), "", "-3", "12", "2024-05-01T10:00:00+02:00", "true"}},
		{"a long value", []string{"eu", "7", strings.Repeat("c", 20000), "", "4", "007.5", "1714557600", "0"}},
		{"needs escaping", []string{"e\"u", "7", "tab\there", "", "5", "3", "2024-02-29 23:59:59", "no"}},
		{"not canonical", []string{"eu", "007", "x", "", "+5", "+1.250", " 2024-05-01t10:00:00.5z ", " TRUE "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(c, names(1))
			s := e.sources[0]
			if !e.fastRow(s, &contract.Record{Cells: tt.cells}) {
				t.Fatal("fastRow declined a valid record")
			}
			gotKey, gotRow := string(s.kbuf), string(s.buf)
			rec := withValues(contract.Record{Cells: tt.cells})
			vals := e.parse(s, &rec)
			wantKey := string(e.appendKey(nil, vals))
			wantRow := string(encodeRow(nil, vals, e.cols))
			if gotKey != wantKey {
				t.Errorf("key = %s, want %s", gotKey, wantKey)
			}
			if gotRow != wantRow {
				t.Errorf("row = %q, want %q", gotRow, wantRow)
			}
		})
	}
}

func TestFastRowDeclines(t *testing.T) {
	c := testContract()
	tests := []struct {
		name  string
		cells []string
	}{
		{"null key", []string{"", "a", "1", "active", "", ""}},
		{"invalid key", []string{"x", "a", "1", "active", "", ""}},
		{"invalid field", []string{"1", "a", "one", "active", "", ""}},
		{"null required field", []string{"1", "a", "1", "", "", ""}},
		{"too few cells", []string{"1", "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(c, names(1))
			if e.fastRow(e.sources[0], &contract.Record{Cells: tt.cells}) {
				t.Error("fastRow took a record that breaks a rule")
			}
		})
	}
}
