package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestManGolden compares drift man with testdata/drift.1. A change to a
// command's flags or usage changes the page: review it, then run
// go test ./cmd -run TestManGolden -update.
func TestManGolden(t *testing.T) {
	var got bytes.Buffer
	if err := writeMan(&got, newApp(&IO{}), "test"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "drift.1")
	if *updateGolden {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("drift man differs from %s; review the change, then run go test ./cmd -run TestManGolden -update\n--- got\n%s", path, got.String())
	}
}
