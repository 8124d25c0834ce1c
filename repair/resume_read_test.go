package repair_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// unreadableJournal is a state store whose plan journal cannot be read.
type unreadableJournal struct{ state.Store }

func (unreadableJournal) PlanOps(context.Context, string, int) (map[string]state.OpState, error) {
	return nil, errors.New("disk on fire")
}

// TestUnreadableJournalStartsNoRun: the plan's journal is read while the
// first batch reads its records, but a journal that cannot be read still
// fails the apply before its run begins: no run is recorded, the file is
// as it was, and the batch begun for it is dropped, so the next apply
// runs as one batch and writes the plan.
func TestUnreadableJournalStartsNoRun(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	replica := filepath.Join(dir, "replica.ndjson")
	before, err := os.ReadFile(replica)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, err = repair.Execute(ctx, plan, f.cfg.Contract, f.targets(), unreadableJournal{st}, repair.ExecOptions{RunID: "r1"})
	if err == nil || !strings.Contains(err.Error(), "reading the journal of plan") || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Execute = %v, want the journal's error", err)
	}
	if runs, err := st.Runs(ctx, 0); err != nil || len(runs) != 0 {
		t.Fatalf("runs after a journal that cannot be read: %v (%v), want none", runStatuses(runs), err)
	}
	if after, _ := os.ReadFile(replica); string(after) != string(before) {
		t.Fatalf("the replica changed:\n%s", after)
	}
	res, err := repair.Execute(ctx, plan, f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "r2"})
	if err != nil || res.Status != state.StatusDone || res.Counts.Applied != len(plan.Ops) {
		t.Fatalf("the next apply: %+v, %v; want every op applied", res, err)
	}
}
