package file_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/file"
)

// bigCSV writes a CSV file of n rows and returns its path and size.
func bigCSV(t *testing.T, n int) (string, int64) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "data.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "id,name,email,score,tags\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(w, "%d,name %d,user%d@example.com,%d.50,a;b;c\n", i, i, i, i%1000)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	f.Close()
	return path, fi.Size()
}

// peakHeap runs fn and samples the heap while it runs, with the collector
// set to run often, so that the peak is close to what fn keeps live.
func peakHeap(fn func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapAlloc)
			mu.Unlock()
		}
	}()
	fn()
	close(done)
	mu.Lock()
	defer mu.Unlock()
	return peak
}

// TestBatchMemoryFollowsTheOps: a batch of five writes to a large CSV file
// holds the records it writes, never the file: its live heap stays far
// below the file's size, and every other byte is copied unchanged.
func TestBatchMemoryFollowsTheOps(t *testing.T) {
	defer file.SetWholeBelow(0)()
	path, size := bigCSV(t, 600_000)
	src := mustSource(t, filepath.Dir(path), "path: data.csv", nil)
	w, b, ctx := src.(sources.Writer), src.(sources.Batcher), sources.BatchContext(context.Background())
	ops := []sources.WriteOp{
		{Action: sources.ActionUpdate, Key: []any{num("7")}, Set: map[string]any{"name": "Seven"}},
		{Action: sources.ActionUpdate, Key: []any{num("200000")}, Set: map[string]any{"score": num("1.25")}},
		{Action: sources.ActionDelete, Key: []any{num("599999")}},
		{Action: sources.ActionInsert, Key: []any{num("700000")}, Record: map[string]any{"name": "New"}},
		{Action: sources.ActionUpdate, Key: []any{num("1")}, Set: map[string]any{"tags": []any{"x"}}},
	}
	var err error
	peak := peakHeap(func() {
		if err = b.BeginBatch(ctx); err != nil {
			return
		}
		keys := make([][]any, len(ops))
		for i, op := range ops {
			keys[i] = op.Key
		}
		if err = src.(sources.Prefetcher).Prefetch(ctx, keys); err != nil {
			return
		}
		for _, op := range ops {
			if err = w.Write(ctx, op); err != nil {
				return
			}
		}
		err = b.FlushBatch(ctx)
	})
	if err != nil {
		t.Fatal(err)
	}
	if limit := uint64(size / 4); peak > limit {
		t.Errorf("live heap peaked at %d MiB for a %d MiB file; want under %d MiB", peak>>20, size>>20, limit>>20)
	}
	got := readFile(t, path)
	for _, want := range []string{"\n7,Seven,user7@example.com,7.50,a;b;c\n", "\n200000,name 200000,user200000@example.com,1.25,a;b;c\n",
		"\n599998,name 599998,", "\n1,name 1,user1@example.com,1.50,x\n", "\n600000,name 600000,user600000@example.com,0.50,a;b;c\n700000,New,,,\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("the file lacks %q", want)
		}
	}
	if strings.Contains(got, "\n599999,") {
		t.Error("the deleted row is still there")
	}
	if want := size + int64(len("Seven")-len("name 7")) + int64(len("1.25")-len("0.50")) -
		int64(len("599999,name 599999,user599999@example.com,999.50,a;b;c\n")) + int64(len("700000,New,,,\n")) + int64(len("x")-len("a;b;c")); int64(len(got)) != want {
		t.Errorf("the file is %d bytes, want %d: bytes outside the written rows changed", len(got), want)
	}
}

// TestPrefetchReadsOnce: once Prefetch has read a batch's keys, its Gets
// and Writes do not read the file: they work while it is moved away.
func TestPrefetchReadsOnce(t *testing.T) {
	defer file.SetWholeBelow(0)()
	src, path := batchSource(t, ".csv", "id,name\n1,Ann\n2,Bob\n")
	w, b, ctx := src.(sources.Writer), src.(sources.Batcher), sources.BatchContext(context.Background())
	if err := b.BeginBatch(ctx); err != nil {
		t.Fatal(err)
	}
	if err := src.(sources.Prefetcher).Prefetch(ctx, [][]any{{num("1")}, {num("3")}}); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path, path+".away"); err != nil {
		t.Fatal(err)
	}
	if rec, found, err := w.Get(ctx, []any{num("1")}); err != nil || !found || fmt.Sprint(rec.Raw(1)) != "Ann" {
		t.Errorf("Get(1) = %v, %v, %v", rec.Raw(1), found, err)
	}
	if err := w.Write(ctx, sources.WriteOp{Action: sources.ActionInsert, Key: []any{num("3")}, Record: map[string]any{"name": "Cy"}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.Get(ctx, []any{num("2")}); err == nil {
		t.Error("Get of a key not prefetched did not read the file")
	}
	if err := os.Rename(path+".away", path); err != nil {
		t.Fatal(err)
	}
	if err := b.FlushBatch(ctx); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "id,name\n1,Ann\n2,Bob\n3,Cy\n" {
		t.Errorf("file = %q", got)
	}
}

// TestSmallFileStagedWhole: without Prefetch, a batch on a small file
// reads it once, then finds every key in what it staged.
func TestSmallFileStagedWhole(t *testing.T) {
	src, path := batchSource(t, ".ndjson", "{\"id\": 1, \"name\": \"Ann\"}\n{\"id\": 2, \"name\": \"Bob\"}\n")
	w, b, ctx := src.(sources.Writer), src.(sources.Batcher), sources.BatchContext(context.Background())
	if err := b.BeginBatch(ctx); err != nil {
		t.Fatal(err)
	}
	defer b.AbortBatch(ctx)
	if _, found, err := w.Get(ctx, []any{num("1")}); err != nil || !found {
		t.Fatalf("Get(1) = %v, %v", found, err)
	}
	if err := os.Rename(path, path+".away"); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]bool{"2": true, "9": false} {
		if _, found, err := w.Get(ctx, []any{num(key)}); err != nil || found != want {
			t.Errorf("Get(%s) = %v, %v; want found %v", key, found, err, want)
		}
	}
}

// TestBatchSeesChangeBetweenReads: when the file changes between two reads
// of a batch, the second read and the flush are conflicts, and nothing is
// written.
func TestBatchSeesChangeBetweenReads(t *testing.T) {
	defer file.SetWholeBelow(0)()
	src, path := batchSource(t, ".csv", "id,name\n1,Ann\n2,Bob\n")
	w, b, ctx := src.(sources.Writer), src.(sources.Batcher), sources.BatchContext(context.Background())
	if err := b.BeginBatch(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(ctx, sequence()[0]); err != nil {
		t.Fatal(err)
	}
	other := "id,name\n1,Ann\n2,Bobby\n"
	writeFile(t, path, other)
	if _, _, err := w.Get(ctx, []any{num("2")}); !errors.Is(err, sources.ErrConflict) {
		t.Errorf("Get after the change = %v, want a conflict", err)
	}
	if err := b.FlushBatch(ctx); !errors.Is(err, sources.ErrConflict) {
		t.Errorf("FlushBatch = %v, want a conflict", err)
	}
	if got := readFile(t, path); got != other {
		t.Errorf("file = %q, want the other writer's", got)
	}
	checkNoTempFiles(t, filepath.Dir(path))
}
