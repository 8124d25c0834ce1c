package examplecopy

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCopyLeavesOutStateFolders(t *testing.T) {
	src := t.TempDir()
	for _, f := range []string{"drift.yaml", "data/a.csv", ".drift/state.db", "sub/.drift/state.db", "sub/drift.yaml"} {
		p := filepath.Join(src, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dst := filepath.Join(t.TempDir(), "copy")
	if err := Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"drift.yaml", "data/a.csv", "sub/drift.yaml"} {
		if b, err := os.ReadFile(filepath.Join(dst, f)); err != nil || string(b) != f {
			t.Errorf("%s: got %q, %v; want it copied", f, b, err)
		}
	}
	for _, d := range []string{".drift", "sub/.drift"} {
		if _, err := os.Stat(filepath.Join(dst, d)); !os.IsNotExist(err) {
			t.Errorf("%s was copied (%v); a copy must start without history", d, err)
		}
	}
}
