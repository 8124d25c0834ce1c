package file_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/sources"
)

var update = flag.Bool("update", false, "rewrite the want.* golden files under testdata/write")

// writeCase is a testdata/write/<case>/op.json: one write against the
// case's input file, and either the error it must fail with (leaving the
// file as it was), or "unchanged", or in want.<ext> the file it must leave.
type writeCase struct {
	Opts   string            `json:"opts"`
	Fields map[string]string `json:"fields"`
	Error  string            `json:"error"`
	// Unchanged says the write changes no value: the file keeps every byte.
	Unchanged bool `json:"unchanged"`
	Op        struct {
		Action sources.Action `json:"action"`
		Key    []any          `json:"key"`
		Set    map[string]any `json:"set"`
		Expect map[string]any `json:"expect"`
		Record map[string]any `json:"record"`
	} `json:"op"`
}

func TestWriteGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/write/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases under testdata/write: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tc, input, ext := loadWriteCase(t, dir)
			tmp := tempCopy(t, "data"+ext, input)
			opts := tc.Opts
			if opts == "" {
				opts = "path: data" + ext
			}
			w := mustSource(t, tmp, opts, tc.Fields).(sources.Writer)
			err := w.Write(context.Background(), sources.WriteOp{Action: tc.Op.Action, Key: tc.Op.Key,
				Set: tc.Op.Set, Expect: tc.Op.Expect, Record: tc.Op.Record})
			got := readFile(t, filepath.Join(tmp, "data"+ext))
			checkNoTempFiles(t, tmp)
			if tc.Error != "" {
				if err == nil || err.Error() != tc.Error {
					t.Fatalf("Write error:\n got %v\nwant %s", err, tc.Error)
				}
				if strings.Contains(tc.Error, "conflict") != errors.Is(err, sources.ErrConflict) {
					t.Errorf("errors.Is(err, ErrConflict) = %v for %v", errors.Is(err, sources.ErrConflict), err)
				}
				if got != input {
					t.Errorf("a refused write changed the file:\n%s", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Write: %v", err)
			}
			if tc.Unchanged {
				if got != input {
					t.Errorf("a write that changes no value changed the file:\n%s", got)
				}
			} else {
				golden(t, filepath.Join(dir, "want"+ext), got)
			}
			if _, _, err := fetchAll(t, mustSource(t, tmp, opts, tc.Fields)); err != nil {
				t.Errorf("the rewritten file does not read back: %v", err)
			}
		})
	}
}

func loadWriteCase(t *testing.T, dir string) (writeCase, string, string) {
	t.Helper()
	var tc writeCase
	dec := json.NewDecoder(strings.NewReader(readFile(t, filepath.Join(dir, "op.json"))))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&tc); err != nil {
		t.Fatalf("%s/op.json: %v", dir, err)
	}
	inputs, _ := filepath.Glob(filepath.Join(dir, "input.*"))
	if len(inputs) != 1 {
		t.Fatalf("%s: want one input.* file, found %v", dir, inputs)
	}
	return tc, readFile(t, inputs[0]), filepath.Ext(inputs[0])
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("file after the write:\n%s\nwant (%s):\n%s", got, path, want)
	}
}

func checkNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the folder holds %v after the write; want only the data file", names)
	}
}
