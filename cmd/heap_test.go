package cmd

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/sources"
)

// sized is a source that only says its size, as a file source does.
type sized struct {
	sources.Source
	n int64
}

func (s sized) Size() int64 { return s.n }

func TestLargeSources(t *testing.T) {
	file := func(n int64) *scan.Opened { return &scan.Opened{Source: sized{n: n}} }
	other := &scan.Opened{}
	for _, tc := range []struct {
		name string
		srcs []*scan.Opened
		want bool
	}{
		{"two small files", []*scan.Opened{file(1 << 20), file(2 << 20)}, false},
		{"files just under", []*scan.Opened{file(bigFiles / 2), file(bigFiles/2 - 1)}, false},
		{"files of bigFiles together", []*scan.Opened{file(bigFiles / 2), file(bigFiles / 2)}, true},
		{"a small file and a database", []*scan.Opened{file(10), other}, true},
	} {
		if got := largeSources(tc.srcs); got != tc.want {
			t.Errorf("%s: largeSources = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestFileSourceSize(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte("id\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "drift.yaml")
	yaml := "version: 1\ncontract:\n  name: t\n  version: 1\n  key: [id]\n  fields:\n    id: {type: int}\n" +
		"sources:\n  a: {type: file, path: a.csv}\n  b: {type: file, path: a.csv}\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	_, srcs, err := openSources(&IO{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer scan.CloseAll(srcs)
	f, ok := srcs[0].Source.(interface{ Size() int64 })
	if !ok {
		t.Fatal("a file source does not say its size")
	}
	if got := f.Size(); got != 5 {
		t.Fatalf("Size = %d, want 5", got)
	}
}
