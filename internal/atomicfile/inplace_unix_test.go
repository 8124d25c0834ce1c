//go:build unix

package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/drift-sh/drift/internal/fifotest"
)

// TestWriteNamedPipe: a path that is not a regular file (a named pipe
// here; a device such as /dev/null alike) is written in place, and is the
// same pipe afterwards: renaming a file over it would replace /dev/null
// with a regular file.
func TestWriteNamedPipe(t *testing.T) {
	path, got := fifotest.Pipe(t)
	if Regular(path) {
		t.Error("Regular says a named pipe is a regular file")
	}
	if err := WriteBytes(path, []byte("report\n")); err != nil {
		t.Fatal(err)
	}
	fifotest.StillPipe(t, path)
	if s := <-got; s != "report\n" {
		t.Errorf("the pipe's reader got %q, want the report", s)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the write left files beside the pipe: %v", entries)
	}
}

// TestWriteSystemPath: a path under /proc (or /dev), such as
// /dev/stdout or /proc/self/fd/N when stdout is redirected to a regular
// file, is written in place, truncated first, and stays the link it is:
// renaming a file over /dev/stdout would replace it.
func TestWriteSystemPath(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("an older, longer text\n"); err != nil {
		t.Fatal(err)
	}
	link := fmt.Sprintf("/proc/self/fd/%d", f.Fd())
	if _, err := os.Lstat(link); err != nil {
		t.Skipf("no %s here: %v", link, err)
	}
	if Regular(link) {
		t.Errorf("Regular(%s) = true, want false: it is the system's", link)
	}
	if err := WriteBytes(link, []byte("report\n")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(f.Name()); err != nil || string(b) != "report\n" {
		t.Errorf("the file behind %s holds %q, %v; want the report alone", link, b, err)
	}
}
