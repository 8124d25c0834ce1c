package file

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// splitAll reads every record of input with csvReader: each record's
// cells, start line and offset, then the error that ended the read (nil
// at the end of the input).
func splitAll(input string, tsv bool, bufSize int) ([]string, error) {
	c := &csvReader{r: bufio.NewReaderSize(strings.NewReader(input), bufSize), comma: ','}
	if tsv {
		c.comma, c.lazy = '\t', true
	}
	var out []string
	for {
		row, err := c.read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, fmt.Sprintf("%q line %d at %d", row, c.line, c.start))
	}
}

// readAll is splitAll with encoding/csv, configured as the file source
// configured it.
func readAll(input string, tsv bool) ([]string, error) {
	cr := csv.NewReader(strings.NewReader(input))
	if tsv {
		cr.Comma, cr.LazyQuotes = '\t', true
	}
	var out []string
	for {
		start := cr.InputOffset()
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		line, _ := cr.FieldPos(0)
		// encoding/csv's offset is before the blank lines it skips.
		start += int64(blankBytes(input[start:]))
		out = append(out, fmt.Sprintf("%q line %d at %d", row, line, start))
	}
}

// blankBytes is the length of the blank lines s starts with.
func blankBytes(s string) int {
	n := 0
	for {
		switch {
		case strings.HasPrefix(s[n:], "\n"):
			n++
		case strings.HasPrefix(s[n:], "\r\n"):
			n += 2
		default:
			return n
		}
	}
}

// checkSplit fails unless csvReader and encoding/csv read the same
// records and end with the same error.
func checkSplit(t interface {
	Helper()
	Fatalf(string, ...any)
}, input string, tsv bool, bufSize int) {
	t.Helper()
	got, gerr := splitAll(input, tsv, bufSize)
	want, werr := readAll(input, tsv)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q (tsv %v): records\n got %q\nwant %q", input, tsv, got, want)
	}
	if fmt.Sprint(gerr) != fmt.Sprint(werr) || !reflect.DeepEqual(gerr, werr) {
		t.Fatalf("%q (tsv %v): error\n got %#v\nwant %#v", input, tsv, gerr, werr)
	}
}

func TestCSVReaderMatchesEncodingCSV(t *testing.T) {
	tests := []struct{ name, input string }{
		{"plain", "id,name\n1,Ann\n2,Bo\n"},
		{"no final line break", "id,name\n1,Ann"},
		{"quoted cells", "id,name\n\"1\",\"Ann, Jr\"\n2,\"\"\n"},
		{"escaped quotes", "id,name\n1,\"The \"\"Big\"\" Apple\"\n"},
		{"line break inside quotes", "id,name\n1,\"two\nlines\"\n2,after\n"},
		{"blank line inside quotes", "id,name\n1,\"a\n\nb\"\n"},
		{"crlf", "id,name\r\n1,Ann\r\n2,\"x\r\ny\"\r\n"},
		{"cr at the end", "id,name\n1,Ann\r"},
		{"blank lines", "\n\nid,name\n\n1,Ann\n\r\n2,Bo\n\n"},
		{"bare quote", "id,name\n1,An\"n\n"},
		{"quote after a quoted cell", "id,name\n1,\"Ann\"x\n"},
		{"unterminated quote", "id,name\n1,\"Ann\n2,Bo\n"},
		{"unterminated at the end", "id,name\n1,\"Ann"},
		{"field count", "id,name\n1,Ann,x\n"},
		{"field count after quotes", "id,name\n\"1\"\n"},
		{"empty quoted header", "\"\"\n\"\"\n"},
		{"lone quote", "\""},
		{"quote at the start of a line inside quotes", "a,b\n1,\"x\n\"\"\n"},
		{"separators at word edges", "abcdefg,hijklmn,\n,,,,,,,,,,,,,,,,\n1234567,1234567,\n"},
		{"long cells", "id,name\n" + strings.Repeat("x", 17) + "," + strings.Repeat("y", 31) + "\n"},
		{"quote in a later word", "id,name\n12345678,abcdefgh\"\n"},
		{"quote in the last byte of a word", "id,name\n1234567\",\n"},
		{"quoted cell after a long plain one", "id,name\n123456789012,\"a,b\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, tsv := range []bool{false, true} {
				in := tt.input
				if tsv {
					in = strings.ReplaceAll(in, ",", "\t")
				}
				checkSplit(t, in, tsv, 4096)
				checkSplit(t, in, tsv, 16)
			}
		})
	}
}

// FuzzCSVReader: on any input csvReader reads the records encoding/csv
// reads, and fails where it fails, with the same error.
func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a,\"b\nc\"\r\n\"\"\"\",x", "a\n\"", "x,\"y\"z\n", "\r\n\r", "a\tb\n\"1\t2\"\"\t3\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		checkSplit(t, input, false, 16)
		checkSplit(t, input, true, 16)
	})
}

// TestPropCSVReaderMatchesEncodingCSV draws records of every length, of
// as many cells each, so that separators, quotes and line ends fall at
// every place of the words splitPlain reads; ¬ and ¢ end in a separator's
// and a quote's byte with the top bit set. Now and then a record has a
// cell more or a stray quote.
func TestPropCSVReaderMatchesEncodingCSV(t *testing.T) {
	cell := rapid.OneOf(
		rapid.StringMatching(`[ab¬¢é]{0,12}`),
		rapid.StringMatching(`"([a,¬\t\n]|"")*"`),
		rapid.SampledFrom([]string{`a"b`, `"a"b`, "\r"}),
	)
	rapid.Check(t, func(t *rapid.T) {
		tsv := rapid.Bool().Draw(t, "tsv")
		sep := ","
		if tsv {
			sep = "\t"
		}
		width := rapid.IntRange(1, 6).Draw(t, "width")
		var b strings.Builder
		for range rapid.IntRange(1, 5).Draw(t, "records") {
			n := width + rapid.SampledFrom([]int{0, 0, 0, 0, 0, 1}).Draw(t, "extra")
			for i := range n {
				if i > 0 {
					b.WriteString(sep)
				}
				b.WriteString(cell.Draw(t, "cell"))
			}
			b.WriteString(rapid.SampledFrom([]string{"\n", "\r\n", "\n\n", ""}).Draw(t, "end"))
		}
		checkSplit(t, b.String(), tsv, rapid.SampledFrom([]int{16, 4096}).Draw(t, "buf"))
	})
}
