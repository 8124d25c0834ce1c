package file

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
	"pgregory.net/rapid"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// TestRowRecordMatchesDocument: a staged CSV or TSV record read without a
// document (rowRecord) is the record, or the error, that its one-record
// document gives, and the record encoding/csv reads from the header and
// the text as a whole file, whatever its text: quotes, escapes, line
// breaks, blank lines, more or fewer cells than the header, more than one
// row. Half the texts are rows of three cells, some quoted, so that most
// of those read as a record.
func TestRowRecordMatchesDocument(t *testing.T) {
	eachDelimited(t, func(t *testing.T, ext, sep string) {
		head := "id" + sep + "name" + sep + "email\n"
		st := testStage(t, ext, head)
		bits := []string{"a", "7", sep, `"`, `""`, "\n", "\r\n", "\r", " ", "é"}
		rapid.Check(t, func(t *rapid.T) {
			var text string
			if rapid.Bool().Draw(t, "row") {
				for i := range 3 {
					cell := strings.Join(rapid.SliceOfN(rapid.SampledFrom(bits[:2]), 0, 4).Draw(t, "plain"), "")
					if rapid.Bool().Draw(t, "quoted") {
						inner := strings.Join(rapid.SliceOfN(rapid.SampledFrom(bits), 0, 6).Draw(t, "inner"), "")
						cell = `"` + strings.ReplaceAll(inner, `"`, `""`) + `"`
					}
					if i > 0 {
						text += sep
					}
					text += cell
				}
				text += rapid.SampledFrom([]string{"", "\n", "\r\n", "\n\n"}).Draw(t, "end")
			} else {
				text = strings.Join(rapid.SliceOfN(rapid.SampledFrom(bits), 0, 24).Draw(t, "parts"), "")
			}
			r := &row{line: 9, orig: []byte(text), cur: []byte(text)}
			got, ok, gerr := st.rowRecord(r)
			if !ok {
				t.Fatalf("rowRecord declined a file with a header")
			}
			var want contract.Record
			doc, werr := st.doc(r)
			if werr == nil {
				want, werr = doc.record(0)
			}
			if fmt.Sprint(gerr) != fmt.Sprint(werr) {
				t.Fatalf("text %q: error %v, the document's %v", text, gerr, werr)
			}
			if gerr == nil && !reflect.DeepEqual(asRead(got), asRead(want)) {
				t.Fatalf("text %q: record %#v, the document's %#v", text, got, want)
			}
			if gerr == nil && got.Cells == nil {
				t.Fatalf("text %q: record %#v; want its cells in Cells, every field having a column", text, got)
			}
			whole, cerr := st.s.loadCSV([]byte(head + text))
			if cerr == nil && whole.len() != 1 {
				cerr = fmt.Errorf("%d rows", whole.len())
			}
			if (gerr == nil) != (cerr == nil) {
				t.Fatalf("text %q: error %v, encoding/csv's %v", text, gerr, cerr)
			}
			if gerr == nil {
				csvRec, _ := whole.record(0)
				csvRec.Loc, csvRec.Line = got.Loc, got.Line // where each says it is differs by design
				if !reflect.DeepEqual(asRead(got), asRead(csvRec)) {
					t.Fatalf("text %q: record %#v, encoding/csv's %#v", text, got, csvRec)
				}
			}
		})
	})
}

// eachDelimited runs f on a CSV file and on a TSV file: their extension
// and separator.
func eachDelimited(t *testing.T, f func(t *testing.T, ext, sep string)) {
	for _, ext := range []string{".csv", ".tsv"} {
		t.Run(ext, func(t *testing.T) { f(t, ext, map[string]string{".csv": ",", ".tsv": "\t"}[ext]) })
	}
}

// asRead is a record as the contract reads it: its raw values as
// Record.Raw gives them (held in Values or in Cells alike) and where it
// comes from.
func asRead(r contract.Record) contract.Record {
	vals := make([]any, r.Len())
	for i := range vals {
		vals[i] = r.Raw(i)
	}
	return contract.Record{Values: vals, Unknown: r.Unknown, Loc: r.Loc, Pos: r.Pos, Row: r.Row, Line: r.Line}
}

// testStage is a batch's stage over a file of the given header, its
// header read.
func testStage(t *testing.T, ext, head string) *lineStage {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "data"+ext), []byte(head), 0o644); err != nil {
		t.Fatal(err)
	}
	fields := []*contract.Field{{Name: "id", Type: contract.TypeInt}, {Name: "name", Type: contract.TypeString}, {Name: "email", Type: contract.TypeString}}
	for i, f := range fields {
		f.Index = i
	}
	var node yaml.Node
	if err := yaml.Unmarshal([]byte("path: data"+ext), &node); err != nil {
		t.Fatal(err)
	}
	s := &Source{}
	cfg := sources.Config{Name: "replica", Type: "file", Writable: true, Dir: dir,
		Contract: &contract.Contract{Name: "t", Version: 1, Key: []int{0}, Fields: fields},
		Options:  sources.Options{File: "drift.yaml", Node: node.Content[0]}}
	if err := s.Init(cfg); err != nil {
		t.Fatal(err)
	}
	st, err := s.newStager(true)
	if err != nil {
		t.Fatal(err)
	}
	ls := st.(*lineStage)
	if err := ls.read(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	return ls
}
