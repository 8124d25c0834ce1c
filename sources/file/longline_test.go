package file_test

import (
	"os"
	"strings"
	"testing"
)

// A file without line breaks (a binary, /dev/zero) is a source error that
// says so, not a read that eats all memory.
func TestLineTooLong(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	for _, format := range []string{"csv", "ndjson"} {
		t.Run(format, func(t *testing.T) {
			src := mustSource(t, t.TempDir(), "path: /dev/zero\nformat: "+format, nil)
			_, _, err := fetchAll(t, src)
			if err == nil || !strings.Contains(err.Error(), "the line is longer than 64 MiB") {
				t.Fatalf("Fetch = %v, want a too-long line error", err)
			}
		})
	}
}
