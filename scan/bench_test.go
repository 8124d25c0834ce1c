package scan_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/scan"
	_ "github.com/drift-sh/drift/sources/file"
)

const benchConfig = `version: 1
contract:
  name: bench
  version: 1
  key: [id]
  fields:
    id:      {type: int}
    name:    {type: string}
    email:   {type: string, normalize: [trim, lower]}
    qty:     {type: int}
    price:   {type: decimal, tolerance: 0.001}
    created: {type: timestamp, precision: 1s}
sources:
  left:  {type: file, path: left.csv}
  right: {type: file, path: right.csv}
`

// writeReplica writes rows records; right differs from left in 1% of
// rows and lacks 0.1%.
func writeReplica(tb testing.TB, path string, rows int, right bool) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,name,email,qty,price,created")
	for i := range rows {
		if right && i%1000 == 7 {
			continue
		}
		qty := i % 1000
		if right && i%100 == 3 {
			qty++
		}
		fmt.Fprintf(w, "%d,customer %d,User%d@Example.com,%d,%d.%02d,2026-03-07T19:34:%02dZ\n", i, i, i, qty, i%99999, i%100, i%60)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkScan scans two CSV replicas end to end: fetch, hash, re-read
// and diff. DRIFT_BENCH_ROWS sets the rows per replica (default 100k).
func BenchmarkScan(b *testing.B) {
	rows, _ := strconv.Atoi(os.Getenv("DRIFT_BENCH_ROWS"))
	if rows == 0 {
		rows = 100_000
	}
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "drift.yaml"), []byte(benchConfig), 0o644); err != nil {
		b.Fatal(err)
	}
	writeReplica(b, filepath.Join(dir, "left.csv"), rows, false)
	writeReplica(b, filepath.Join(dir, "right.csv"), rows, true)
	cfg, err := contract.Load(filepath.Join(dir, "drift.yaml"), os.LookupEnv)
	if err != nil {
		b.Fatal(err)
	}
	srcs, err := scan.Open(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := scan.Run(context.Background(), cfg, srcs, scan.Options{})
		if err != nil || res.Incomplete() {
			b.Fatalf("Run = %v, failed %v", err, res.Failed)
		}
		if s := res.Report.Summary; s.Changed == 0 || s.Missing == 0 {
			b.Fatalf("summary %+v: want changed and missing drifts", s)
		}
	}
}
