package repair_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// TestRollbackSettlesPendingOps: a run that failed (or was killed)
// between its writes and their outcomes leaves ops pending; its rollback
// reads each target first, so a write that landed is undone too, and one
// that never did is left alone.
func TestRollbackSettlesPendingOps(t *testing.T) {
	ctx := context.Background()
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	before := divergence(f.res.Report)
	res, err := repair.Execute(ctx, f.plan(t), f.cfg.Contract, f.targets(), st, execOpts())
	if err != nil || res.Counts.Applied == 0 {
		t.Fatalf("apply: %+v, %v", res, err)
	}
	entries, err := st.Journal(ctx, res.RunID)
	if err != nil {
		t.Fatal(err)
	}
	// The same writes, journaled by a run whose outcomes were never
	// written: every op left pending, the run failed.
	lost := state.Run{ID: "lost-outcomes", Kind: state.KindApply, PlanID: "sha256:lost",
		Contract: state.Contract{Name: f.cfg.Contract.Name, Version: f.cfg.Contract.Version, Digest: f.cfg.Contract.Digest}}
	if err := st.BeginRun(ctx, lost); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		e.RunID, e.Outcome = lost.ID, state.OutcomePending
		if _, err := st.BeginOp(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.FinishRun(ctx, lost.ID, state.StatusFailed, time.Now()); err != nil {
		t.Fatal(err)
	}
	again := load(t, dir, st)
	rb, err := repair.Rollback(ctx, lost.ID, again.cfg.Contract, again.targets(), st, execOpts())
	if err != nil || rb.Counts.Applied != len(entries) {
		t.Fatalf("rollback of the run left pending: %+v, %v; want its %d writes undone", rb, err, len(entries))
	}
	for id, o := range outcomes(t, st, lost.ID) {
		if o != state.OutcomeApplied {
			t.Errorf("op %s of the undone run is %s, want applied (its write had landed)", id, o)
		}
	}
	if got := divergence(load(t, dir, st).res.Report); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Errorf("after the rollback drifts are %v, want those before the apply %v", got, before)
	}
}
