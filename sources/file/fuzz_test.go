package file_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// FuzzFetch reads arbitrary bytes as every format, through both read paths:
// a malformed file is an error, never a panic.
func FuzzFetch(f *testing.F) {
	for _, s := range []string{"id,email\n1,a@x.io\n", "\ufeffid\n\"1\n", `[{"id":1}]`, `{"items":[{"id":"x"}]}`,
		"{\"id\":1}\n{\"id\":", "- id: 1\n  email: [a]\n", "id\tbalance\n1\t\"2\n", "[1, 2]", "null"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		dir := t.TempDir()
		for _, name := range []string{"a.csv", "a.tsv", "a.json", "a.ndjson", "a.yaml"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			src := mustSource(t, dir, "path: "+name, nil)
			_, _, _ = fetchAll(t, src)
			if rr, ok := src.(sources.Rereader); ok && rr.Rereadable() {
				var locs []int64
				_, err := rr.FetchLocated(context.Background(), func(r contract.Record) error {
					locs = append(locs, r.Pos)
					return nil
				})
				if err == nil {
					_ = rr.Reread(context.Background(), locs, func(contract.Record) error { return nil })
				}
			}
		}
	})
}
