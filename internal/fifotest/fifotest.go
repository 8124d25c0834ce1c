//go:build unix

// Package fifotest makes named pipes for the tests of writers that must
// write into a path that is not a regular file (/dev/null, a pipe) rather
// than rename a file over it.
package fifotest

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Pipe makes a named pipe in a temporary folder and starts reading it:
// got receives everything written to it once the writer closes it. It
// skips the test where named pipes cannot be made.
func Pipe(t testing.TB) (path string, got <-chan string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	out := make(chan string, 1)
	go func() {
		f, err := os.Open(path)
		if err != nil {
			out <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		out <- string(b)
	}()
	return path, out
}

// StillPipe fails the test now unless path is still a named pipe: once a
// file was renamed over it, its reader would wait for ever.
func StillPipe(t testing.TB, path string) {
	t.Helper()
	if info, err := os.Lstat(path); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("after the write %s is %v (%v), want the named pipe still", path, info.Mode(), err)
	}
}
