package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestWrite runs Write and WriteOutput alike: they differ only in what
// they sync, which a test cannot see short of a crash.
func TestWrite(t *testing.T) {
	for _, tc := range []struct {
		name    string
		replace func(string, func(io.Writer) error) error
	}{
		{"Write", Write},
		{"WriteOutput", WriteOutput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			replace := tc.replace
			dir := t.TempDir()
			path := filepath.Join(dir, "report.json")
			write := func(s string) func(io.Writer) error {
				return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
			}
			if err := replace(path, write("first\n")); err != nil {
				t.Fatal(err)
			}
			assertFile(t, path, "first\n")
			if info, _ := os.Stat(path); runtime.GOOS != "windows" && info.Mode().Perm() != 0o644 {
				t.Errorf("new file mode = %v, want 0644", info.Mode().Perm())
			}

			if err := os.Chmod(path, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := replace(path, write("second\n")); err != nil {
				t.Fatal(err)
			}
			assertFile(t, path, "second\n")
			if info, _ := os.Stat(path); runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
				t.Errorf("rewritten file mode = %v, want the old 0600 kept", info.Mode().Perm())
			}

			boom := errors.New("boom")
			err := replace(path, func(w io.Writer) error {
				io.WriteString(w, "half")
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("err = %v, want it to wrap the writer's error", err)
			}
			assertFile(t, path, "second\n")
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("a failed write left files behind: %v", entries)
			}
		})
	}
}

func TestWriteMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "report.json")
	err := Write(path, func(io.Writer) error { return nil })
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want a not-exist error naming the folder", err)
	}
}

func assertFile(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s = %q, want %q", path, got, want)
	}
}

func TestWriteBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := WriteBytes(path, []byte("{}\n")); err != nil {
		t.Fatal(err)
	}
	assertFile(t, path, "{}\n")
}
