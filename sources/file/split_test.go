package file

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestSplitCells(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		comma byte
		plain bool
	}{
		{"one cell", "abc", ',', true},
		{"empty cells", ",,", ',', true},
		{"separator at each word edge", "1234567,9abcdef,hijklmn,", ',', true},
		{"long row", "147902,customer 975909,user147902@example.com,Oslo,7,44262,32380.45,1263147.0949,2026-01-26T03:31:47Z,2026-01-26 03:38:32.643", ',', true},
		{"tabs", "a\tb,c\t\td", '\t', true},
		{"quote in the first word", `a,"b",c`, ',', false},
		{"quote in the tail", `abcdefgh,ij"`, ',', false},
		{"quote late in a long line", strings.Repeat("x,", 40) + `"`, ',', false},
		{"high bytes", "é,ü\xff,\x80", ',', true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, plain := splitCells(nil, []byte(tt.line), tt.comma)
			if plain != tt.plain {
				t.Fatalf("plain = %v, want %v", plain, tt.plain)
			}
			if want := strings.Split(tt.line, string(tt.comma)); plain && !slices.Equal(got, want) {
				t.Errorf("cells = %q, want %q", got, want)
			}
		})
	}
}

// TestSplitCellsEveryOffset puts the separator and the quote at every
// offset of lines of every length up to 24 bytes.
func TestSplitCellsEveryOffset(t *testing.T) {
	for n := 1; n <= 24; n++ {
		for at := range n {
			b := []byte(strings.Repeat("x", n))
			b[at] = ','
			got, plain := splitCells(nil, b, ',')
			if want := strings.Split(string(b), ","); !plain || !slices.Equal(got, want) {
				t.Fatalf("%q: cells = %q, %v; want %q", b, got, plain, want)
			}
			b[at] = '"'
			if _, plain := splitCells(nil, b, ','); plain {
				t.Fatalf("%q: quote not found", b)
			}
		}
	}
}

func TestLineLocsStayValid(t *testing.T) {
	var l lineLocs
	locs := make([]lineLoc, 5000)
	for i := range locs {
		locs[i] = l.line(i * 1000003)
	}
	for i, loc := range locs {
		if want := "line " + strconv.Itoa(i*1000003); loc.text != want || loc.num != i*1000003 {
			t.Fatalf("location %d = %q (%d), want %q", i, loc.text, loc.num, want)
		}
	}
}
