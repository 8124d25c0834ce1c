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

// BenchmarkPage renders the page of a watch at its fullest: 2,880 cycles
// of history (a day at 30 s), each with ten convergences, and 1,000 open
// drifts (500 listed). It reports the page's size.
//
//	go test ./watch -run '^$' -bench Page
func BenchmarkPage(b *testing.B) {
	w := New(Options{Contract: "accounts"})
	for i := range maxHistory {
		p := Point{At: t0.Add(time.Duration(i) * 30 * time.Second), Open: map[state.Class]int{
			state.ClassConverging: i % 40, state.ClassPersistent: i % 7, state.ClassUnknown: i % 3}}
		for j := range 10 {
			p.Converged = append(p.Converged, Sample{Kind: "changed", Latency: time.Duration(i*j) * time.Second})
		}
		w.history = append(w.history, p)
	}
	for i := range 1000 {
		key := fmt.Sprintf(`{"id":"k%04d"}`, i)
		w.open = append(w.open, state.Lifecycle{Contract: "accounts", DriftID: key, Key: []byte(key), Kind: "changed",
			Source: "replica", Class: state.ClassPersistent, FirstSeen: t0})
	}
	var size int
	for b.Loop() {
		var sb strings.Builder
		if err := writePage(&sb, w); err != nil {
			b.Fatal(err)
		}
		size = sb.Len()
	}
	b.ReportMetric(float64(size)/1e3, "kB/page")
}
