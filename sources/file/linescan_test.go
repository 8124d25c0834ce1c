package file

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/contract"
)

// TestScanKeysMatchesDocument: a batch's scan of a file's keys finds each
// record with a valid key where encoding/csv, loading the whole file,
// finds it (its text, first and last byte, line) and fails as that load
// fails, whatever the text: quotes, escapes, line breaks inside quotes,
// CRLF, blank lines, more or fewer cells than the header, a byte order
// mark.
func TestScanKeysMatchesDocument(t *testing.T) {
	eachDelimited(t, func(t *testing.T, ext, sep string) {
		st := testStage(t, ext, "id"+sep+"name"+sep+"email\n")
		s := st.s
		bits := []string{"1", "7", "x", sep, `"`, `""`, "\n", "\r\n", "\r", " ", "é"}
		rapid.Check(t, func(t *rapid.T) {
			text := rapid.SampledFrom([]string{"", "\ufeff"}).Draw(t, "bom") +
				rapid.SampledFrom([]string{"id" + sep + "name" + sep + "email", "\nid" + sep + "name" + sep + "email", "id" + sep + "name"}).Draw(t, "header") +
				rapid.SampledFrom([]string{"\n", "\r\n"}).Draw(t, "nl")
			for range rapid.IntRange(0, 6).Draw(t, "rows") {
				if rapid.Bool().Draw(t, "plain row") {
					text += rapid.SampledFrom([]string{"1", "2", "07", "x", ""}).Draw(t, "id") + sep + "Ann" + sep + "a@x" + "\n"
					continue
				}
				text += strings.Join(rapid.SliceOfN(rapid.SampledFrom(bits), 0, 12).Draw(t, "parts"), "")
			}
			path := s.path
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			var got []string
			_, gerr := s.scanKeys(t.Context(), nil, func(k string, _ *keyRows, r *row) {
				got = append(got, fmt.Sprintf("%s %d-%d line %d %q", k, r.start, r.end, r.line, r.orig))
			})
			var want []string
			doc, werr := s.loadCSV([]byte(text))
			if werr == nil {
				for i := range doc.len() {
					v := s.cfg.Contract.Fields[0].Parse(contract.Cell(doc.rows[i][doc.cols[0]]))
					if v.State != contract.Valid {
						continue
					}
					sp := doc.spans[i]
					want = append(want, fmt.Sprintf("%s %d-%d line %d %q", v.JSON, sp[0], sp[1], doc.lines[i], text[sp[0]:sp[1]]))
				}
			}
			if fmt.Sprint(gerr) != fmt.Sprint(werr) {
				t.Fatalf("text %q: scan error %v, encoding/csv's %v", text, gerr, werr)
			}
			if gerr == nil && strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("text %q: scan found\n%s\nencoding/csv\n%s", text, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	})
}
