package repair_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// hookedWriter wraps a batching writer: it counts flushes, runs
// beforeFlush first, and fails the flush with flushErr when that is set.
type hookedWriter struct {
	sources.Writer
	b           sources.Batcher
	beforeFlush func()
	flushErr    error
	flushes     int
}

func (h *hookedWriter) BeginBatch(ctx context.Context) error { return h.b.BeginBatch(ctx) }

func (h *hookedWriter) FlushBatch(ctx context.Context) error {
	h.flushes++
	if h.beforeFlush != nil {
		h.beforeFlush()
	}
	if h.flushErr != nil {
		h.b.AbortBatch(ctx)
		return h.flushErr
	}
	return h.b.FlushBatch(ctx)
}

func (h *hookedWriter) AbortBatch(ctx context.Context) { h.b.AbortBatch(ctx) }

// hooked returns the fixture's targets with the replica wrapped.
func hooked(t *testing.T, f *fixture) (map[string]sources.Writer, *hookedWriter) {
	t.Helper()
	targets := f.targets()
	w := targets["replica"]
	b, ok := w.(sources.Batcher)
	if !ok {
		t.Fatal("the file source does not batch")
	}
	h := &hookedWriter{Writer: w, b: b}
	targets["replica"] = h
	return targets, h
}

// outcomes lists a run's journal outcomes by op.
func outcomes(t *testing.T, st state.Store, runID string) map[string]state.Outcome {
	t.Helper()
	entries, err := st.Journal(context.Background(), runID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]state.Outcome{}
	for _, e := range entries {
		out[e.OpID] = e.Outcome
	}
	return out
}

func TestApplyBatchOtherWriterConflicts(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	targets, h := hooked(t, f)
	replica := filepath.Join(dir, "replica.ndjson")
	other := `{"id": "a9", "email": "other@x.io", "status": "active"}` + "\n"
	h.beforeFlush = func() { write(t, replica, other) }

	res, err := repair.Execute(context.Background(), plan, f.cfg.Contract, targets, st, execOpts())
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts != (state.Counts{Conflict: 3}) || h.flushes != 1 {
		t.Fatalf("counts = %+v after %d flushes; want 3 conflicts after 1", res.Counts, h.flushes)
	}
	if got, _ := os.ReadFile(replica); string(got) != other {
		t.Fatalf("the other writer's file was overwritten:\n%s", got)
	}
	for id, o := range outcomes(t, st, res.RunID) {
		if o != state.OutcomeConflict {
			t.Errorf("op %s journaled %s, want conflict", id, o)
		}
	}
}

func TestApplyBatchMixedOutcomes(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	replica := filepath.Join(dir, "replica.ndjson")
	b, _ := os.ReadFile(replica)
	body := strings.Replace(string(b), "old@x.io", "new@x.io", 1)                                     // a1: already applied
	body = strings.Replace(body, `"id": "a4", "email": "a@x.io"`, `"id": "a4", "email": "z@x.io"`, 1) // a4: conflict
	write(t, replica, body)
	targets, h := hooked(t, f)

	res, err := repair.Execute(context.Background(), plan, f.cfg.Contract, targets, st, execOpts())
	if err != nil {
		t.Fatal(err)
	}
	if want := (state.Counts{Applied: 1, AlreadyApplied: 1, Conflict: 1}); res.Counts != want || h.flushes != 1 {
		t.Fatalf("counts = %+v after %d flushes; want %+v after 1", res.Counts, h.flushes, want)
	}
	got, _ := os.ReadFile(replica)
	for _, s := range []string{`"a2"`, "z@x.io", "new@x.io"} {
		if !strings.Contains(string(got), s) {
			t.Errorf("replica lacks %s:\n%s", s, got)
		}
	}
	seen := map[state.Outcome]int{}
	for _, o := range outcomes(t, st, res.RunID) {
		seen[o]++
	}
	if seen[state.OutcomeApplied] != 1 || seen[state.OutcomeAlreadyApplied] != 1 || seen[state.OutcomeConflict] != 1 {
		t.Errorf("journal outcomes = %v", seen)
	}
}

func TestApplyBatchFlushFails(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	orig := readAllNDJSON(t, dir)
	targets, h := hooked(t, f)
	h.flushErr = errors.New("disk full")

	res, err := repair.Execute(context.Background(), plan, f.cfg.Contract, targets, st, execOpts())
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts != (state.Counts{Failed: 3}) || res.Status != state.StatusFailed {
		t.Fatalf("run = %+v; want 3 failed", res)
	}
	if got := readAllNDJSON(t, dir); got["replica.ndjson"] != orig["replica.ndjson"] {
		t.Fatalf("a failed flush changed the file:\n%s", got["replica.ndjson"])
	}
	for _, r := range res.Ops {
		if !strings.Contains(r.Error, "disk full") {
			t.Errorf("op %s error = %q, want the flush's", r.ID, r.Error)
		}
	}
	again, err := repair.Execute(context.Background(), plan, f.cfg.Contract, f.targets(), st, execOpts())
	if err != nil || again.Counts.Applied != 3 {
		t.Fatalf("apply after the failed flush = %+v, %v; want 3 applied", again, err)
	}
	checkAppliedOnce(t, st, plan)
}

// TestApplyBatchInterruptedMidBatch: a cancel during a batch stops the
// staging after the op being read; the ops staged are flushed and
// journaled, and a resume does the rest.
func TestApplyBatchInterruptedMidBatch(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	ctx, cancel := context.WithCancel(context.Background())
	reads := 0
	targets := onRead(f, func() {
		if reads++; reads == 2 {
			cancel()
		}
	})
	res, err := repair.Execute(ctx, plan, f.cfg.Contract, targets, st, execOpts())
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != state.StatusInterrupted || res.Counts != (state.Counts{Applied: 2}) {
		t.Fatalf("interrupted run = %+v; want the two staged ops applied", res)
	}
	again, err := repair.Execute(context.Background(), plan, f.cfg.Contract, f.targets(), st, execOpts())
	if err != nil || again.Counts != (state.Counts{Applied: 1, AlreadyApplied: 2}) {
		t.Fatalf("resume = %+v, %v", again, err)
	}
	checkAppliedOnce(t, st, plan)
}

// TestApplyGroupsOpsBySource: a plan sorted by key alternates between two
// files; apply still rewrites each file once, not once per op.
func TestApplyGroupsOpsBySource(t *testing.T) {
	dir := copyCase(t, "two-targets")
	f := load(t, dir, openStore(t, dir))
	p := f.plan(t)
	if len(p.Ops) != 8 || p.Ops[0].Source == p.Ops[1].Source {
		t.Fatalf("want 8 ops alternating between r1 and r2, got %d: %v", len(p.Ops), p.Ops)
	}
	targets := f.targets()
	hooks := map[string]*hookedWriter{}
	for _, name := range []string{"r1", "r2"} {
		hooks[name] = &hookedWriter{Writer: targets[name], b: targets[name].(sources.Batcher)}
		targets[name] = hooks[name]
	}
	res, err := repair.Execute(context.Background(), p, f.cfg.Contract, targets, f.store, execOpts())
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Applied != 8 {
		t.Fatalf("applied %d ops, want 8: %+v", res.Counts.Applied, res.Counts)
	}
	for name, h := range hooks {
		if h.flushes != 1 {
			t.Errorf("%s was flushed %d times, want once", name, h.flushes)
		}
	}
}

// prefetchingWriter is a hookedWriter that records the keys it is told of.
type prefetchingWriter struct {
	*hookedWriter
	p    sources.Prefetcher
	keys [][]any
}

func (w *prefetchingWriter) Prefetch(ctx context.Context, keys [][]any) error {
	w.keys = append(w.keys, keys...)
	return w.p.Prefetch(ctx, keys)
}

// TestApplyPrefetchesABatchsKeys: a batch tells a Prefetcher every key its
// ops touch, once, before the first op reads one.
func TestApplyPrefetchesABatchsKeys(t *testing.T) {
	dir := copyCase(t, "two-targets")
	f := load(t, dir, openStore(t, dir))
	p := f.plan(t)
	targets := f.targets()
	h := &hookedWriter{Writer: targets["r1"], b: targets["r1"].(sources.Batcher)}
	w := &prefetchingWriter{hookedWriter: h, p: targets["r1"].(sources.Prefetcher)}
	targets["r1"] = w
	res, err := repair.Execute(context.Background(), p, f.cfg.Contract, targets, f.store, execOpts())
	if err != nil || res.Counts.Applied != 8 {
		t.Fatalf("apply = %+v, %v", res, err)
	}
	if got := fmt.Sprint(w.keys); got != "[[1] [2] [3] [4]]" {
		t.Errorf("prefetched keys %s, want [[1] [2] [3] [4]]", got)
	}
}

// readHook is a hookedWriter that calls before ahead of each Get: a
// test's way to act while an op's target is being read.
type readHook struct {
	*hookedWriter
	before func()
}

func (r *readHook) Get(ctx context.Context, key []any) (contract.Record, bool, error) {
	r.before()
	return r.hookedWriter.Get(ctx, key)
}

// onRead returns the fixture's targets with every file source calling
// before ahead of each read of a target.
func onRead(f *fixture, before func()) map[string]sources.Writer {
	targets := f.targets()
	for name, w := range targets {
		if b, ok := w.(sources.Batcher); ok {
			targets[name] = &readHook{hookedWriter: &hookedWriter{Writer: w, b: b}, before: before}
		}
	}
	return targets
}

// A file batch journals on a goroutine of its own, but its ops' stages
// are traced on the goroutine that called Execute: a Trace that stops the
// run there (as the queue's property test kills a worker) unwinds the
// caller, not another goroutine.
func TestApplyBatchTracesOnTheCaller(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	opts := execOpts()
	opts.Trace = func(op repair.Op, s repair.Stage) {
		if s == repair.StageBegun {
			panic("stopped at " + op.ID)
		}
	}
	got := func() (r any) {
		defer func() { r = recover() }()
		_, _ = repair.Execute(context.Background(), plan, f.cfg.Contract, f.targets(), st, opts)
		return nil
	}()
	if s, ok := got.(string); !ok || !strings.HasPrefix(s, "stopped at ") {
		t.Fatalf("Execute returned or panicked with %v, want the Trace's panic on the caller", got)
	}
	// The stopped run dropped its batch: the same source takes the next
	// run's batch, which resumes and finishes the plan.
	opts.Trace = nil
	opts.RunID = "resume"
	res, err := repair.Execute(context.Background(), plan, f.cfg.Contract, f.targets(), st, opts)
	if err != nil || res.Counts.Failed > 0 || res.Counts.Applied+res.Counts.AlreadyApplied != len(plan.Ops) {
		t.Fatalf("resuming after the stop: %+v, %v", res, err)
	}
	file, _ := os.ReadFile(filepath.Join(dir, "replica.ndjson"))
	for _, s := range []string{`"a2"`, "new@x.io"} {
		if !strings.Contains(string(file), s) {
			t.Errorf("after the resume the replica lacks %s:\n%s", s, file)
		}
	}
}
