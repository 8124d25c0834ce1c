package repair_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

func openSession(t *testing.T, f *fixture, st state.Store, runID string) *repair.Session {
	t.Helper()
	s, err := repair.OpenSession(context.Background(), f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: runID})
	if err != nil {
		t.Fatalf("session %s: %v", runID, err)
	}
	return s
}

// TestSessionSharesSourcesAndExcludesApply: two worker sessions hold a
// source at once and apply plans into their own runs; an apply or a
// rollback is refused while either is open, and runs once both closed.
func TestSessionSharesSourcesAndExcludesApply(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	ctx := context.Background()
	w1, w2 := openSession(t, f, st, "w1"), openSession(t, f, st, "w2")
	first, second := *plan, *plan
	first.Ops, second.Ops = plan.Ops[:1], plan.Ops[1:]
	for _, tt := range []struct {
		s    *repair.Session
		plan *repair.Plan
	}{{w1, &first}, {w2, &second}} {
		unlock, err := tt.s.LockKey(ctx, tt.plan.Ops[0].Key, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		res, err := tt.s.Apply(ctx, tt.plan)
		unlock()
		if err != nil || res.Status != state.StatusDone || res.Counts.Applied != len(tt.plan.Ops) || res.RunID != tt.s.RunID() {
			t.Fatalf("session %s: %+v, %v; want its ops applied in its run", tt.s.RunID(), res, err)
		}
	}
	_, err := repair.Apply(ctx, plan, f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "apply"})
	if !errors.Is(err, state.ErrLeaseHeld) || !strings.Contains(err.Error(), "drift worker") {
		t.Fatalf("apply while workers run: %v, want refused, naming the workers", err)
	}
	for _, s := range []*repair.Session{w1, w2} {
		if err := s.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
	runs, _ := st.Runs(ctx, 0)
	for _, r := range runs {
		if r.Kind != state.KindWorker || r.Status != state.StatusDone {
			t.Errorf("run %s: %s %s, want a done worker run", r.ID, r.Kind, r.Status)
		}
	}
	if res, err := repair.Apply(ctx, plan, f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "apply"}); err != nil || res.Counts.AlreadyApplied != 3 {
		t.Errorf("apply once the workers stopped: %+v, %v; want every op already applied", res, err)
	}
	if _, err := repair.OpenSession(ctx, f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "w3"}); err != nil {
		t.Errorf("a session after the apply finished: %v", err)
	}
}

// TestSessionLockKey: a key is locked by one holder at a time, within a
// process and across sessions, and is free again once unlocked.
func TestSessionLockKey(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	key := f.plan(t).Ops[0].Key
	ctx := context.Background()
	w1, w2 := openSession(t, f, st, "w1"), openSession(t, f, st, "w2")
	unlock, err := w1.LockKey(ctx, key, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*repair.Session{w1, w2} {
		if _, err := s.LockKey(ctx, key, time.Minute); !errors.Is(err, repair.ErrKeyLocked) || !errors.Is(err, state.ErrLeaseHeld) {
			t.Errorf("session %s locking a locked key: %v, want ErrKeyLocked", s.RunID(), err)
		}
	}
	unlock()
	if unlock, err := w2.LockKey(ctx, key, time.Minute); err != nil {
		t.Errorf("locking a key once unlocked: %v", err)
	} else {
		unlock()
	}
}

// TestSessionSettlesAKilledWorkersOp: an op a killed worker left pending
// on a key is settled by the next worker that locks the key, before it
// writes: applied if its write happened, not-applied if not; either way
// the journal holds the key applied once.
func TestSessionSettlesAKilledWorkersOp(t *testing.T) {
	for _, written := range []bool{false, true} {
		t.Run(map[bool]string{false: "before the write", true: "after the write"}[written], func(t *testing.T) {
			dir, st, f, plan := oneOpCase(t)
			ctx := context.Background()
			killedAt := repair.StageBegun
			if written {
				killedAt = repair.StageWritten
			}
			// The killed worker's op stops at its stage for good: the goroutine
			// blocks there, as a killed process would never go on.
			stopAt(t, f, st, "killed", plan, killedAt)
			// The killed worker's locks are past these TTLs: taken over.
			next, err := repair.OpenSession(ctx, f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "next", LeaseTTL: 500 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(600 * time.Millisecond)
			unlock, err := next.LockKey(ctx, plan.Ops[0].Key, time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			// Taken over; held now for as long as the write may take.
			unlock()
			if unlock, err = next.LockKey(ctx, plan.Ops[0].Key, time.Minute); err != nil {
				t.Fatal(err)
			}
			res, err := next.Apply(ctx, plan)
			unlock()
			if err != nil {
				t.Fatal(err)
			}
			// The killed worker's batch is still open on the source (its
			// goroutine never goes on); the next worker's write does not
			// go through it, and reaches the file.
			if data, _ := os.ReadFile(filepath.Join(dir, "replica.ndjson")); !strings.Contains(string(data), "new@x.io") {
				t.Errorf("the file does not hold the op's write:\n%s", data)
			}
			entries, _ := st.Journal(ctx, "killed")
			// Which of the two wrote depends on whether the killed write
			// reached the file; exactly one did, and nothing is pending.
			want := map[state.Outcome]state.Outcome{
				state.OutcomeNotApplied: state.OutcomeApplied,
				state.OutcomeApplied:    state.OutcomeAlreadyApplied,
			}
			if len(entries) != 1 || len(res.Ops) != 1 || want[entries[0].Outcome] != res.Ops[0].Outcome {
				t.Fatalf("killed run's op %+v, next run's %+v; want not-applied then applied, or applied then already-applied", entries, res.Ops)
			}
			if written && entries[0].Outcome != state.OutcomeApplied {
				t.Errorf("killed after its write, its op is %s, want applied", entries[0].Outcome)
			}
		})
	}
}

// stopAt runs plan in a session of its own until its first op reaches
// stage, and leaves it there for good, holding its key lock: a worker
// killed at that point.
func stopAt(t *testing.T, f *fixture, st state.Store, runID string, plan *repair.Plan, stage repair.Stage) {
	t.Helper()
	reached := make(chan struct{})
	opts := repair.ExecOptions{RunID: runID, Trace: func(_ repair.Op, s repair.Stage) {
		if s == stage {
			close(reached)
			select {} // killed
		}
	}}
	s, err := repair.OpenSession(context.Background(), f.cfg.Contract, f.targets(), st, opts)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		ctx := context.Background()
		if _, err := s.LockKey(ctx, plan.Ops[0].Key, time.Minute); err == nil {
			_, _ = s.Apply(ctx, plan)
		}
	}()
	select {
	case <-reached:
	case <-time.After(20 * time.Second):
		t.Fatal("the killed worker never reached its op")
	}
}

// TestSessionLost: a session whose lease was taken over says so, applies
// nothing more, and leaves its run as the taker marked it.
func TestSessionLost(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	ctx := context.Background()
	s, err := repair.OpenSession(ctx, f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "stalled", LeaseTTL: 60 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ReleaseLease(ctx, "stalled"); err != nil { // as a taker would
		t.Fatal(err)
	}
	if err := st.FinishRun(ctx, "stalled", state.StatusInterrupted, time.Now()); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); s.Lost() == nil && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if !errors.Is(s.Lost(), state.ErrLeaseLost) {
		t.Fatalf("Lost() = %v, want ErrLeaseLost", s.Lost())
	}
	if _, err := s.Apply(ctx, f.plan(t)); !errors.Is(err, state.ErrLeaseLost) {
		t.Errorf("Apply on a lost session: %v, want ErrLeaseLost", err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if r, _ := st.Run(ctx, "stalled"); r.Status != state.StatusInterrupted {
		t.Errorf("the lost run is %s, want interrupted as the taker left it", r.Status)
	}
}

// oneOpCase is a copy of the authority case, its store, its scan and its
// plan cut to the first op: a queue job's one key.
func oneOpCase(t *testing.T) (dir string, st state.Store, f *fixture, plan *repair.Plan) {
	t.Helper()
	dir = copyCase(t, "authority")
	st = openStore(t, dir)
	f = load(t, dir, st)
	plan = f.plan(t)
	plan.Ops = plan.Ops[:1]
	return dir, st, f, plan
}
