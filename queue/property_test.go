package queue

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertest"
	"pgregory.net/rapid"

	"github.com/drift-sh/drift/internal/proptest"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// killed is what a test worker panics with at a chosen point of an op.
const killed = "worker killed here"

// TestQueueEqualsOneApply is the queue's law: whatever the interleaving
// of enqueues (scans while the queue is worked), workers killed at any
// point of an op (journaled, written, finished) and resumed by fresh
// workers, the data ends as one drift apply of the first plan leaves it,
// with no op left pending and each of the plan's writes applied once.
//
// Each check opens state stores and River databases and runs several
// workers, so it runs 15 checks unless -rapid.checks (or RAPID_CHECKS)
// asks for another number.
func TestQueueEqualsOneApply(t *testing.T) {
	proptest.Checks(t, 15)
	w := newSwapWorker(t)
	rapid.Check(t, func(rt *rapid.T) {
		a, b := drawTables(rt)
		want, writes := applyOnce(t, a, b)
		f := newFixture(t, a, b)
		q, err := Open(context.Background(), filepath.Join(f.dir, ".drift", "state.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		queue := f.jobs(t)
		for steps := 0; len(queue) > 0; steps++ {
			if steps > 100 {
				rt.Fatalf("the queue did not drain in 100 steps: %d jobs left", len(queue))
			}
			i := rapid.IntRange(0, len(queue)-1).Draw(rt, "job")
			switch act := rapid.SampledFrom([]string{"work", "crash", "enqueue"}).Draw(rt, "action"); act {
			case "enqueue":
				queue = enqueue(queue, f.jobs(t))
			case "work", "crash":
				h := f.handler(t, q)
				h.KeyTTL = time.Minute // a crash unwinds the job, which lets its key lock go
				if act == "crash" {
					at := rapid.SampledFrom([]repair.Stage{repair.StageBegun, repair.StageWritten, repair.StageFinished}).Draw(rt, "stage")
					h.Trace = func(_ repair.Op, s repair.Stage) {
						if s == at {
							panic(killed)
						}
					}
				}
				res, out := w.work(t, h, queue[i])
				if out.Outcome != "" || !strings.Contains(fmt.Sprint(res.Job.Errors), killed) {
					queue = append(queue[:i], queue[i+1:]...) // done (or no op to crash at)
				}
			}
		}
		if got := f.read(t, "b.csv"); got != want {
			rt.Fatalf("b.csv = %q, want %q as one apply leaves it", got, want)
		}
		checkOnce(rt, q.Store, writes)
	})
}

// drawTables draws a and b: a is the authority, b its copy with some
// qty and note values changed (note needs a person).
func drawTables(rt *rapid.T) (string, string) {
	n := rapid.IntRange(1, 5).Draw(rt, "keys")
	var a, b []string
	for i := range n {
		qty := rapid.IntRange(0, 3).Draw(rt, "qty")
		a = append(a, fmt.Sprintf("k%d,%d,n", i, qty))
		switch rapid.IntRange(0, 2).Draw(rt, "change") {
		case 0:
			b = append(b, fmt.Sprintf("k%d,%d,n", i, qty))
		case 1:
			b = append(b, fmt.Sprintf("k%d,%d,n", i, qty+10))
		default:
			b = append(b, fmt.Sprintf("k%d,%d,other", i, qty+10))
		}
	}
	return csv(a...), csv(b...)
}

// applyOnce is b.csv after one drift apply of the plan of a and b, and
// how many writes the plan has.
func applyOnce(t *testing.T, a, b string) (string, int) {
	f := newFixture(t, a, b)
	cfg, srcs := f.open(t)
	st, err := state.Open(context.Background(), filepath.Join(f.dir, ".drift", "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, err := scan.Run(context.Background(), cfg, srcs, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := repair.Build(repair.InputFromScan(cfg, srcs, res, nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repair.Apply(context.Background(), plan, cfg.Contract, repair.Targets(srcs), st, repair.ExecOptions{RunID: "apply"}); err != nil {
		t.Fatal(err)
	}
	return f.read(t, "b.csv"), len(plan.Ops)
}

// checkOnce: no op is left pending, each (source, key) was applied at
// most once over every run, and as many were applied as the plan had ops.
func checkOnce(rt *rapid.T, st state.Store, writes int) {
	ctx := context.Background()
	runs, err := st.Runs(ctx, 0)
	if err != nil {
		rt.Fatal(err)
	}
	applied := map[string]int{}
	for _, r := range runs {
		entries, err := st.Journal(ctx, r.ID)
		if err != nil {
			rt.Fatal(err)
		}
		for _, e := range entries {
			switch e.Outcome {
			case state.OutcomePending:
				rt.Fatalf("run %s: op %s left pending", r.ID, e.OpID)
			case state.OutcomeApplied:
				if applied[e.Source+string(e.Key)]++; applied[e.Source+string(e.Key)] > 1 {
					rt.Fatalf("key %s of %s applied twice", e.Key, e.Source)
				}
			}
		}
	}
	if len(applied) != writes {
		rt.Fatalf("%d keys applied, want the plan's %d", len(applied), writes)
	}
}

// enqueue adds the jobs not already queued, as River's uniqueness does:
// same key and drift digest.
func enqueue(queue, jobs []Args) []Args {
	for _, j := range jobs {
		dup := false
		for _, q := range queue {
			dup = dup || (keyText(q.Key) == keyText(j.Key) && q.DriftDigest == j.DriftDigest)
		}
		if !dup {
			queue = append(queue, j)
		}
	}
	return queue
}

// swapWorker works jobs with River's test worker on one River database,
// through whichever handler it is given: each a fresh worker process.
type swapWorker struct {
	river.WorkerDefaults[Args]
	h    *Handler
	test func(t *testing.T, a Args) (*rivertest.WorkResult, Output)
}

func newSwapWorker(t *testing.T) *swapWorker {
	s := &swapWorker{}
	s.test = riverWorker(t, river.Worker[Args](s))
	return s
}

// Work is the current handler's.
func (s *swapWorker) Work(ctx context.Context, job *river.Job[Args]) error { return s.h.Work(ctx, job) }

func (s *swapWorker) work(t *testing.T, h *Handler, a Args) (*rivertest.WorkResult, Output) {
	s.h = h
	return s.test(t, a)
}
