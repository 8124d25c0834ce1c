package repair_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// TestSessionSettlesOnlyItsOwnOps: a worker settles the ops pending on its
// key by runs of its contract on its sources, and leaves alone those of
// another contract with an equal key in a shared store, and those on a
// source it does not write.
func TestSessionSettlesOnlyItsOwnOps(t *testing.T) {
	_, st, f, plan := oneOpCase(t)
	ctx := context.Background()
	w0 := openSession(t, f, st, "w0")
	unlock, err := w0.LockKey(ctx, plan.Ops[0].Key, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := w0.Apply(ctx, plan); err != nil || res.Counts.Applied != 1 {
		t.Fatalf("%+v, %v", res, err)
	}
	unlock()
	if err := w0.Close(ctx); err != nil {
		t.Fatal(err)
	}
	done, _ := st.Journal(ctx, "w0")
	for _, p := range []struct{ run, contract, source string }{
		{"other-contract", "billing", "replica"},
		{"other-source", f.cfg.Contract.Name, "elsewhere"},
	} {
		run := state.Run{ID: p.run, Kind: state.KindWorker, Status: state.StatusRunning, Contract: state.Contract{Name: p.contract}}
		if err := st.BeginRun(ctx, run); err != nil {
			t.Fatal(err)
		}
		e := done[0]
		e.RunID, e.Source = p.run, p.source
		if _, err := st.BeginOp(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	w1 := openSession(t, f, st, "w1")
	unlock, err = w1.LockKey(ctx, plan.Ops[0].Key, time.Minute)
	if err != nil {
		t.Fatalf("lock: %v; want the others' ops left alone", err)
	}
	unlock()
	for _, run := range []string{"other-contract", "other-source"} {
		if es, _ := st.Journal(ctx, run); len(es) != 1 || es[0].Outcome != state.OutcomePending {
			t.Errorf("journal of %s: %+v; want its op still pending", run, es)
		}
	}
}

// failFinishOnce fails the first journaling of outcomes after writes, as
// a state store whose connection was reset would.
type failFinishOnce struct {
	state.Store
	failed atomic.Bool
}

func (f *failFinishOnce) FinishOps(ctx context.Context, runID string, outs []state.OpOutcome) error {
	if f.failed.CompareAndSwap(false, true) {
		return errors.New("connection reset")
	}
	return f.Store.FinishOps(ctx, runID, outs)
}

// TestSessionSettlesItsOwnPendingOps: an op a worker's run left pending
// (its outcome could not be journaled after its write) is settled by the
// next job on its key in that run; a run closed with an op still pending
// is interrupted, not done, so the next holder of its sources settles it.
func TestSessionSettlesItsOwnPendingOps(t *testing.T) {
	for _, tt := range []struct {
		name   string
		again  bool // another job on the key before the run closes
		status state.Status
	}{
		{"settled by the next job", true, state.StatusDone},
		{"left pending at close", false, state.StatusInterrupted},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, st, f, plan := oneOpCase(t)
			ctx := context.Background()
			targets := f.targets()
			targets["replica"] = oneByOne{targets["replica"]}
			s, err := repair.OpenSession(ctx, f.cfg.Contract, targets, &failFinishOnce{Store: st}, repair.ExecOptions{RunID: "w1"})
			if err != nil {
				t.Fatal(err)
			}
			rounds := 1
			if tt.again {
				rounds = 2
			}
			for i := range rounds {
				unlock, err := s.LockKey(ctx, plan.Ops[0].Key, time.Minute)
				if err != nil {
					t.Fatal(err)
				}
				res, err := s.Apply(ctx, plan)
				unlock()
				if (i == 0) != (err != nil) {
					t.Fatalf("round %d: %+v, %v", i, res, err)
				}
			}
			if err := s.Close(ctx); err != nil {
				t.Fatal(err)
			}
			es, _ := st.Journal(ctx, "w1")
			if es[0].Outcome == state.OutcomePending && tt.again {
				t.Errorf("journal of w1: %+v; want the op settled", es)
			}
			if run, _ := st.Run(ctx, "w1"); run.Status != tt.status {
				t.Errorf("run w1 %s, want %s", run.Status, tt.status)
			}
		})
	}
}
