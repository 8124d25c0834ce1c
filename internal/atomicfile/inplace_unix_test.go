//go:build unix

package atomicfile

import (
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
