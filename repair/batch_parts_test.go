package repair_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// A batch of more ops than a part holds (10,000; 100 here) journals each
// part while the next is staged. Killed once every part is journaled, before
// the flush, it leaves the file untouched and every write pending; a
// resume settles them (its first part journaled beside them) and applies
// the plan.
func TestApplyBatchOfPartsKilledAndResumed(t *testing.T) {
	const n = 1050
	t.Cleanup(repair.SetMaxBatch(100))
	dir := t.TempDir()
	cfg := "version: 1\ncontract:\n  name: c\n  version: 1\n  key: [id]\n  fields:\n    id: {type: string}\n    v: {type: int}\n" +
		"  resolve:\n    authority: primary\n    missing: authority\nsources:\n  primary: {type: file, path: p.csv}\n  replica: {type: file, path: r.csv, writable: true}\n"
	var p, r strings.Builder
	p.WriteString("id,v\n")
	r.WriteString("id,v\n")
	for i := range n {
		fmt.Fprintf(&p, "k%05d,%d\n", i, i)
		fmt.Fprintf(&r, "k%05d,%d\n", i, i+1)
	}
	for name, s := range map[string]string{"drift.yaml": cfg, "p.csv": p.String(), "r.csv": r.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	if len(plan.Ops) != n {
		t.Fatalf("%d ops", len(plan.Ops))
	}
	opts := execOpts()
	kill := plan.Ops[n-1].ID
	opts.Trace = func(op repair.Op, s repair.Stage) {
		if s == repair.StageBegun && op.ID == kill {
			panic("killed")
		}
	}
	func() {
		defer func() { recover() }()
		_, _ = repair.Execute(context.Background(), plan, f.cfg.Contract, f.targets(), st, opts)
	}()
	first := opts.RunID
	got := outcomes(t, st, first)
	pending := 0
	for _, o := range got {
		if o == state.OutcomePending {
			pending++
		}
	}
	t.Logf("killed run: %d entries, %d pending", len(got), pending)
	b, _ := os.ReadFile(filepath.Join(dir, "r.csv"))
	if string(b) != r.String() {
		t.Fatal("the replica changed before the flush")
	}
	// The killed run holds no lease now: its release is deferred.
	f2 := load(t, dir, st)
	opts2 := execOpts()
	res, err := repair.Execute(context.Background(), plan, f2.cfg.Contract, f2.targets(), st, opts2)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[state.Outcome]int{}
	for _, o := range res.Ops {
		counts[o.Outcome]++
	}
	t.Logf("resumed run: %v", counts)
	if counts[state.OutcomeApplied] != n {
		t.Errorf("resume outcomes %v, want %d applied", counts, n)
	}
	for id, o := range outcomes(t, st, first) {
		if o == state.OutcomePending {
			t.Fatalf("op %s of the killed run still pending", id)
		}
	}
	b, _ = os.ReadFile(filepath.Join(dir, "r.csv"))
	if string(b) != p.String() {
		t.Error("the replica does not match the primary after the resume")
	}
}
