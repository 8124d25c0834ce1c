package scan_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
	"pgregory.net/rapid"
)

const dupsConfig = `version: 1
contract:
  name: t
  version: 1
  key: [id]
  fields:
    id:     {type: int}
    name:   {type: string}
    status: {type: enum, values: [open, closed]}
    n:      {type: int}
sources:
  a: {type: file, path: a.csv}
  b: {type: file, path: b.csv}
`

// TestPropLocatedScanMatchesInMemory scans CSV files of a few hundred
// records, long enough that Reread counts lines from several marks, with
// duplicate keys, broken rules, quoted line breaks, blank lines and CRLF:
// the report (the duplicate-key violations name the line of each key's
// second record, found by reading it again) is what an engine that holds
// every record, fed by Fetch, reports.
func TestPropLocatedScanMatchesInMemory(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		dir, err := os.MkdirTemp("", "drift-dups-")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		for _, name := range []string{"a.csv", "b.csv"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(dupsCSV(t, name)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, "drift.yaml")
		if err := os.WriteFile(path, []byte(dupsConfig), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := contract.Load(path, func(string) (string, bool) { return "", false })
		if err != nil {
			t.Fatal(err)
		}
		srcs, err := scan.Open(cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer scan.CloseAll(srcs)
		res, err := scan.Run(context.Background(), cfg, srcs, scan.Options{})
		if err != nil {
			t.Fatal(err)
		}
		mem := diff.New(cfg.Contract, scan.Names(srcs))
		for i, o := range srcs {
			if _, err := o.Source.Fetch(context.Background(), func(r contract.Record) error {
				mem.Add(i, r)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		want, wantSum := mem.Result()
		if !reflect.DeepEqual(res.Report.Drifts, want) || !reflect.DeepEqual(res.Report.Summary, wantSum) {
			t.Fatalf("scan:\n%s\n%+v\nin memory:\n%s\n%+v", messages(res.Report.Drifts), res.Report.Summary, messages(want), wantSum)
		}
	})
}

// dupsCSV draws a CSV file of 100 to 400 records whose keys repeat.
func dupsCSV(t *rapid.T, label string) string {
	var b strings.Builder
	b.WriteString("id,name,status,n\n")
	n := rapid.IntRange(100, 400).Draw(t, label+" records")
	keys := rapid.IntRange(n/2, 2*n).Draw(t, label+" keys")
	for range n {
		id := rapid.IntRange(0, keys).Draw(t, label+" id")
		name := rapid.SampledFrom([]string{"ann", "bob", `"two` + "\n" + `lines"`, `"a, ""quoted"" name"`, strings.Repeat("x", 3000)}).Draw(t, label+" name")
		status := rapid.SampledFrom([]string{"open", "closed", "gone"}).Draw(t, label+" status")
		eol := rapid.SampledFrom([]string{"\n", "\r\n", "\n\n"}).Draw(t, label+" eol")
		fmt.Fprintf(&b, "%d,%s,%s,%d%s", id, name, status, id%7, eol)
	}
	return b.String()
}

func messages(ds []diff.Drift) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s %s %s %s %s\n", d.Kind, d.Key, d.Source, d.Field, d.Message)
	}
	return b.String()
}
