package file_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourcetest"
)

// writeBigCSV writes rows records of about 140 bytes each.
func writeBigCSV(tb testing.TB, path string, rows int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,name,balance,updated_at,tags,active,attrs,extra")
	for i := range rows {
		fmt.Fprintf(w, "%d,customer number %d,%d.25,2024-05-01T10:00:00Z,gold;silver,true,\"{\"\"k\"\":%d}\",some extra text here\n", i, i, i%9999, i%7)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

func BenchmarkFetchCSV(b *testing.B) {
	rows, _ := strconv.Atoi(os.Getenv("DRIFT_BENCH_ROWS"))
	if rows == 0 {
		rows = 100_000
	}
	dir := b.TempDir()
	writeBigCSV(b, filepath.Join(dir, "big.csv"), rows)
	fi, _ := os.Stat(filepath.Join(dir, "big.csv"))
	b.SetBytes(fi.Size())
	src, _ := sources.New("file")
	cfg := sources.Config{Name: "big", Type: "file", Dir: dir, Contract: sourcetest.Contract(), Options: options(b, "path: big.csv\n")}
	if err := src.Init(cfg); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		snap, err := src.Fetch(context.Background(), func(contract.Record) error { return nil })
		if err != nil || snap.Records != rows {
			b.Fatalf("Fetch = %+v, %v", snap, err)
		}
	}
}
