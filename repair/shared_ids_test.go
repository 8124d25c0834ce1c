package repair_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/drift-sh/drift/repair"
)

// TestApplyRefusesTwoOpsSharingAnID: the journal tells a run's ops apart
// by their ids, so a plan (edited, and sealed again) whose two ops share
// one is refused, by the check before confirming and by Execute itself,
// before anything is journaled or written.
func TestApplyRefusesTwoOpsSharingAnID(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	if len(plan.Ops) < 2 {
		t.Fatalf("the case has %d ops, want 2 or more", len(plan.Ops))
	}
	plan.Ops[1].ID = plan.Ops[0].ID
	if _, err := repair.Check(plan, f.cfg.Contract, f.targets()); err == nil || !strings.Contains(err.Error(), "op 2 ("+plan.Ops[0].ID+"): op 1 has the same id") {
		t.Errorf("Check = %v, want op 2 refused for op 1's id", err)
	}
	res, err := repair.Execute(context.Background(), plan, f.cfg.Contract, f.targets(), st, execOpts())
	if !errors.Is(err, repair.ErrRefused) {
		t.Fatalf("Execute = %+v, %v; want ErrRefused", res, err)
	}
	if runs, err := st.Runs(context.Background(), 10); err != nil || len(runs) != 0 {
		t.Errorf("runs after the refusal = %+v, %v; want none", runs, err)
	}
}
