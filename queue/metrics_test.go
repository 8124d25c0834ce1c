package queue

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestMetrics: a drained queue's metrics count each job by outcome, its
// latency, and the queue's jobs by state.
func TestMetrics(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, csv("k1,1,x", "k2,2,y", "k3,3,z"), csv("k1,1,x", "k2,20,y", "k3,30,other"))
	q, err := Open(ctx, filepath.Join(t.TempDir(), ".drift", "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if _, err := Enqueue(ctx, q, f.jobs(t)); err != nil {
		t.Fatal(err)
	}
	h := f.handler(t, q)
	h.Metrics = NewMetrics("items", q)
	drain(t, q, h, 1)
	for outcome, want := range map[string]float64{OutcomeWritten: 1, OutcomeManual: 1, OutcomeConverged: 0, OutcomeRetried: 0} {
		if got := testutil.ToFloat64(h.Metrics.processed.WithLabelValues("items", outcome)); got != want {
			t.Errorf("drift_queue_jobs_processed_total{outcome=%q} = %v, want %v", outcome, got, want)
		}
	}
	if n := testutil.CollectAndCount(h.Metrics.latency); n != 2 {
		t.Errorf("latency series = %d, want 2 (written, manual)", n)
	}
	want := `
# HELP drift_queue_jobs The queue's jobs by state, as drift queue status counts them.
# TYPE drift_queue_jobs gauge
drift_queue_jobs{contract="items",state="available"} 0
drift_queue_jobs{contract="items",state="completed"} 1
drift_queue_jobs{contract="items",state="converged"} 0
drift_queue_jobs{contract="items",state="discarded"} 0
drift_queue_jobs{contract="items",state="manual"} 1
drift_queue_jobs{contract="items",state="retryable"} 0
drift_queue_jobs{contract="items",state="running"} 0
`
	if err := testutil.GatherAndCompare(h.Metrics.Registry, strings.NewReader(want), "drift_queue_jobs"); err != nil {
		t.Error(err)
	}
}
