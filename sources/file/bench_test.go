package file_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// bigSource is a file source over a CSV file of DRIFT_BENCH_ROWS records
// (rows when unset) written by writeBigCSV; it returns the source, the
// record count and the file's size.
func bigSource(b *testing.B, rows int) (sources.Source, int, int64) {
	if n, _ := strconv.Atoi(os.Getenv("DRIFT_BENCH_ROWS")); n > 0 {
		rows = n
	}
	dir := b.TempDir()
	writeBigCSV(b, filepath.Join(dir, "big.csv"), rows)
	fi, err := os.Stat(filepath.Join(dir, "big.csv"))
	if err != nil {
		b.Fatal(err)
	}
	src, _ := sources.New("file")
	cfg := sources.Config{Name: "big", Type: "file", Dir: dir, Contract: sourcetest.Contract(), Options: options(b, "path: big.csv\n")}
	if err := src.Init(cfg); err != nil {
		b.Fatal(err)
	}
	return src, rows, fi.Size()
}

func BenchmarkFetchCSV(b *testing.B) {
	src, rows, size := bigSource(b, 100_000)
	b.SetBytes(size)
	for b.Loop() {
		snap, err := src.Fetch(context.Background(), func(contract.Record) error { return nil })
		if err != nil || snap.Records != rows {
			b.Fatalf("Fetch = %+v, %v", snap, err)
		}
	}
}

// BenchmarkReread reads again, in a file of 1,000,000 records, one record
// in every 84 (as a scan with 1.2% drifted keys does), one in every 1,000
// and one in every 3 (a replica far behind).
func BenchmarkReread(b *testing.B) {
	src, _, _ := bigSource(b, 1_000_000)
	rr := src.(sources.Rereader)
	var all []int64
	if _, err := rr.FetchLocated(context.Background(), func(rec contract.Record) error {
		all = append(all, rec.Pos)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	for _, every := range []int{84, 1000, 3} {
		var locs []int64
		for i := 0; i < len(all); i += every {
			locs = append(locs, all[i])
		}
		b.Run(fmt.Sprintf("every=%d", every), func(b *testing.B) {
			for b.Loop() {
				got := 0
				if err := rr.Reread(context.Background(), locs, func(contract.Record) error { got++; return nil }); err != nil || got != len(locs) {
					b.Fatalf("Reread: %d records, %v", got, err)
				}
			}
		})
	}
}

// BenchmarkRereadLong reads again one record in every 8 of a file of
// 20,000 records of 3 KB each: records longer than the kilobyte a lone
// record is first read with.
func BenchmarkRereadLong(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("id,name,email,score,tags\n")
	for i := range 20000 {
		sb.WriteString(strconv.Itoa(i) + "," + strings.Repeat("x", 3000) + ",e,1,t\n")
	}
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "r.csv"), []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	src, _ := sources.New("file")
	cfg := sources.Config{Name: "long", Type: "file", Dir: dir, Contract: sourcetest.Contract(), Options: options(b, "path: r.csv\n")}
	if err := src.Init(cfg); err != nil {
		b.Fatal(err)
	}
	rr := src.(sources.Rereader)
	var locs []int64
	n := 0
	if _, err := rr.FetchLocated(context.Background(), func(r contract.Record) error {
		if n%8 == 0 {
			locs = append(locs, r.Pos)
		}
		n++
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := rr.Reread(context.Background(), locs, func(contract.Record) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
