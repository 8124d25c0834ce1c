package file_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// testContract has a key, a field read at a dotted path (contact.email)
// and one field of each kind the tests write.
func testContract() *contract.Contract {
	fields := []*contract.Field{
		{Name: "id", Type: contract.TypeInt},
		{Name: "name", Type: contract.TypeString},
		{Name: "email", Type: contract.TypeString},
		{Name: "score", Type: contract.TypeDecimal},
		{Name: "tags", Type: contract.TypeSet},
	}
	for i, f := range fields {
		f.Index = i
	}
	return &contract.Contract{Name: "accounts", Version: 1, Key: []int{0}, Fields: fields}
}

// newSource initializes a writable file source over dir with the given
// option lines and renames.
func newSource(t *testing.T, dir, opts string, fields map[string]string) (sources.Source, error) {
	t.Helper()
	src, ok := sources.New("file")
	if !ok {
		t.Fatal(`plugin "file" is not registered`)
	}
	cfg := sources.Config{Name: "replica", Type: "file", Writable: true, Fields: fields, Dir: dir,
		Contract: testContract(), Options: options(t, opts)}
	return src, src.Init(cfg)
}

func mustSource(t *testing.T, dir, opts string, fields map[string]string) sources.Source {
	t.Helper()
	src, err := newSource(t, dir, opts, fields)
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	return src
}

// fetchAll reads every record.
func fetchAll(t *testing.T, src sources.Source) ([]contract.Record, sources.Snapshot, error) {
	t.Helper()
	var out []contract.Record
	snap, err := src.Fetch(context.Background(), func(r contract.Record) error {
		out = append(out, r)
		return nil
	})
	return out, snap, err
}

// canonical parses every value of rec to its canonical JSON, by field name.
func canonical(c *contract.Contract, rec contract.Record) map[string]string {
	out := map[string]string{}
	for _, f := range c.Fields {
		out[f.Name] = f.Parse(rec.Raw(f.Index)).JSON
	}
	return out
}

// tempCopy writes text as dir/name in a fresh folder and returns the folder.
func tempCopy(t *testing.T, name, text string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, name), text)
	return dir
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
