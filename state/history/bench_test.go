package history

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
)

// benchDrifts is the drifts a watch cycle sees: n changed drifts, of
// which the first churn change their replica value every cycle.
func benchDrifts(n, churn, cycle int) []diff.Drift {
	out := make([]diff.Drift, n)
	for i := range out {
		v := "1.55"
		if i < churn {
			v = fmt.Sprintf("1.%d", cycle)
		}
		out[i] = diff.Drift{ID: fmt.Sprintf("%016x", i), Kind: diff.Changed, Field: "price",
			Key:    diff.Key{{Field: "id", Value: json.RawMessage(fmt.Sprint(i))}},
			Values: diff.Values{{Source: "left", Value: json.RawMessage(`"1.50"`)}, {Source: "right", Value: json.RawMessage(`"` + v + `"`)}}}
	}
	return out
}

// storeBytes is the SQLite store's size on disk: the database and its
// write-ahead log.
func storeBytes(path string) int64 {
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// BenchmarkWatchHistory is drift watch --interval 1s over 20,000 open
// drifts, one op per cycle: each cycle records a scan (lifecycles moved
// and saved, changed detail saved, old scans pruned). early-bytes/cycle
// is the store's growth per cycle over cycles 10 to 60, late-bytes/cycle
// over the last 50 (past the retention it is the steady state), MB the
// store at the end. DRIFT_BENCH_RETAIN sets the retention in scans
// (default 1,000), DRIFT_BENCH_CHURN how many drifts change value each
// cycle (default 0; 200 is 1%). bench/history.sh runs it.
func BenchmarkWatchHistory(b *testing.B) {
	churn, retain := envInt("DRIFT_BENCH_CHURN", 0), envInt("DRIFT_BENCH_RETAIN", contract.DefaultRetention.Scans)
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "state.db")
	cfg := &contract.Config{File: "drift.yaml", State: contract.StateConfig{Retention: contract.Retention{Age: contract.DefaultRetention.Age, Scans: retain}},
		Contract: &contract.Contract{Name: "bench", Version: 1, Digest: "sha256:b"}}
	h := New(openStoreAt(b, path), &bytes.Buffer{})
	h.Track(Policy{Grace: 5 * time.Minute, Alert: true})
	defer h.Close()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sizes := map[int]int64{}
	b.ResetTimer()
	for i := range b.N {
		if i == 10 || i == 60 || i == b.N-50 {
			sizes[i] = storeBytes(path)
		}
		at := start.Add(time.Duration(i) * time.Second)
		r := &diff.Report{RunID: fmt.Sprintf("c%08d", i), StartedAt: at, FinishedAt: at,
			Contract: diff.ContractRef{Name: "bench", Version: 1, Digest: "sha256:b"},
			Sources:  []diff.SourceStatus{{Name: "left", Records: 1000000}, {Name: "right", Records: 1000000}},
			Drifts:   benchDrifts(20000, churn, i)}
		h.Record(ctx, cfg, &scan.Result{Report: r}, nil)
		if _, ok := h.Step(r.RunID); !ok {
			b.Fatalf("cycle %d was not recorded", i)
		}
	}
	b.StopTimer()
	end := storeBytes(path)
	if b.N > 110 {
		b.ReportMetric(float64(sizes[60]-sizes[10])/50, "early-bytes/cycle")
		b.ReportMetric(float64(end-sizes[b.N-50])/50, "late-bytes/cycle")
	}
	b.ReportMetric(float64(end)/1e6, "MB")
}

func envInt(name string, def int) int {
	if s := os.Getenv(name); s != "" {
		if _, err := fmt.Sscan(s, &def); err != nil {
			panic(name + ": " + err.Error())
		}
	}
	return def
}
