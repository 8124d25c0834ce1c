//go:build unix

package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteNamedPipe: a path that is not a regular file (a named pipe
// here; a device such as /dev/null alike) is written in place, and is the
// same pipe afterwards: renaming a file over it would replace /dev/null
// with a regular file.
func TestWriteNamedPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(path)
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	if Regular(path) {
		t.Error("Regular says a named pipe is a regular file")
	}
	if err := WriteBytes(path, []byte("report\n")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(path); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("after the write the path is %v (%v), want the named pipe still", info.Mode(), err)
	}
	if s := <-got; s != "report\n" {
		t.Errorf("the pipe's reader got %q, want the report", s)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the write left files beside the pipe: %v", entries)
	}
}
