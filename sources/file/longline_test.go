package file_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/internal/racecheck"
	"github.com/drift-sh/drift/sources"
)

// A file without line breaks (a binary, /dev/zero) is a source error that
// says so, not a read that eats all memory.
func TestLineTooLong(t *testing.T) {
	skipUnderRace(t)
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

// A quote left open (CSV, or TSV, which reads quotes lazily) makes one
// record of the rest of the file: past 64 MiB it is an error naming the
// line the record starts on, in a scan and in a write's read of the
// file, not a read that holds the whole file in memory.
func TestOpenQuoteRecordTooLong(t *testing.T) {
	skipUnderRace(t)
	line := strings.Repeat("abcdefghij", 10) + "\n"
	for _, ext := range []string{".csv", ".tsv"} {
		t.Run(ext, func(t *testing.T) {
			sep := map[string]string{".csv": ",", ".tsv": "\t"}[ext]
			dir := t.TempDir()
			path := filepath.Join(dir, "data"+ext)
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			w := bufio.NewWriter(f)
			w.WriteString("id" + sep + "name\n1" + sep + "Ann\n\n2" + sep + "\"Bob\n")
			for n := 0; n < (70<<20)/len(line); n++ {
				w.WriteString(line)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			want := "line 4: a quoted cell runs on for more than 64 MiB; is a quote left open?"
			src := mustSource(t, dir, "path: data"+ext, nil)
			if _, _, err := fetchAll(t, src); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Fetch = %v, want %q", err, want)
			}
			ctx := sources.BatchContext(context.Background())
			b := src.(sources.Batcher)
			if err := b.BeginBatch(ctx); err != nil {
				t.Fatal(err)
			}
			defer b.AbortBatch(ctx)
			if _, _, err := src.(sources.Writer).Get(ctx, []any{num("1")}); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Get in a batch = %v, want %q", err, want)
			}
		})
	}
}

// skipUnderRace skips a test that reads 64 MiB on one goroutine: the race
// detector makes it take tens of seconds and has nothing to check in it
// that the other tests of a fetch do not check. It runs without -race.
func skipUnderRace(t *testing.T) {
	if racecheck.Enabled {
		t.Skip("reads 64 MiB on one goroutine; runs without -race")
	}
}
