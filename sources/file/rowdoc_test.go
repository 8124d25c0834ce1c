package file

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"
	"pgregory.net/rapid"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// TestRowRecordMatchesDocument: a staged CSV or TSV record read without a
// document (rowRecord) is the record, or the error, that its one-record
// document gives, whatever its text: quotes, escapes, line breaks, blank
// lines, more or fewer cells than the header, more than one row.
func TestRowRecordMatchesDocument(t *testing.T) {
	for _, ext := range []string{".csv", ".tsv"} {
		t.Run(ext, func(t *testing.T) {
			sep := map[string]string{".csv": ",", ".tsv": "\t"}[ext]
			st := testStage(t, ext, "id"+sep+"name"+sep+"email\n")
			rapid.Check(t, func(t *rapid.T) {
				parts := rapid.SliceOfN(rapid.SampledFrom([]string{"a", "7", sep, `"`, `""`, "\n", "\r\n", "\r", " ", "é"}), 0, 24).Draw(t, "parts")
				text := ""
				for _, p := range parts {
					text += p
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
				if gerr == nil && !reflect.DeepEqual(got, want) {
					t.Fatalf("text %q: record %#v, the document's %#v", text, got, want)
				}
			})
		})
	}
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
