package watch

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// BenchmarkWatchCycles runs a watch for b.N cycles over a fixed set of
// open drifts (persistent after the first second), with its metrics and
// a SQLite store, as a long-running watch does. Besides the time of a
// cycle it reports the live heap and the process's RSS after the first
// ten cycles and after the last, and the heap's growth per cycle between
// them. Run it for 1,000 cycles:
//
//	go test ./watch -run '^$' -bench WatchCycles -benchtime 1000x
func BenchmarkWatchCycles(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("open=%d", n), func(b *testing.B) { benchCycles(b, n) })
	}
}

func benchCycles(b *testing.B, n int) {
	if b.N <= 10 {
		return // the probe run; the figures need more than ten cycles
	}
	drifts := make([]diff.Drift, n)
	for i := range drifts {
		drifts[i] = drift(fmt.Sprintf("k%06d", i), diff.Changed, "replica")
	}
	store, err := state.Open(context.Background(), filepath.Join(b.TempDir(), "state.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cycles int
	var at10 memFigures
	scans := func(context.Context) (*scan.Result, error) {
		if cycles == 10 {
			at10 = measureMem()
			b.ResetTimer()
		}
		cycles++
		if cycles == b.N {
			cancel() // this cycle finishes, then Run returns
		}
		at := t0.Add(time.Duration(cycles) * time.Second)
		r := &diff.Report{RunID: "r" + strconv.Itoa(cycles), StartedAt: at, FinishedAt: at.Add(time.Millisecond), Drifts: drifts,
			Sources: []diff.SourceStatus{{Name: "primary", Records: n}, {Name: "replica", Records: n}}}
		return &scan.Result{Report: r, Failed: map[string]string{}}, nil
	}
	w := New(Options{Contract: "accounts", Interval: time.Nanosecond, Grace: time.Second, Store: store, Scan: scans,
		Metrics: NewMetrics("accounts", "bench"), Jitter: func(d time.Duration) time.Duration { return d }})
	if err := w.Run(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	end := measureMem()
	b.ReportMetric(at10.heap/1e6, "heapMB@10")
	b.ReportMetric(end.heap/1e6, "heapMB@end")
	b.ReportMetric((end.heap-at10.heap)/float64(cycles-10), "heapB/cycle")
	b.ReportMetric(at10.rss/1e6, "rssMB@10")
	b.ReportMetric(end.rss/1e6, "rssMB@end")
}

// memFigures are the live heap after a collection and the process's
// resident set, in bytes.
type memFigures struct{ heap, rss float64 }

func measureMem() memFigures {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memFigures{heap: float64(ms.HeapAlloc), rss: rss()}
}

// rss reads VmRSS from /proc/self/status; 0 where there is none.
func rss() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb * 1024
		}
	}
	return 0
}
