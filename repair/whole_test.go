package repair_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

const wholeConfig = `version: 1
contract:
  name: notes
  version: 1
  key: [id]
  fields:
    id:    {type: string}
    name:  {type: string}
    notes: {type: string, ignore: true}
  resolve:
    authority: p
sources:
  p: {type: file, path: p.csv}
  r: {type: file, path: r.csv, writable: true}
`

// TestRollbackRestoresTheWholeRecord: rolling back the delete of a record
// brings back every column it had, those the contract does not declare
// and its ignored fields included, not only the contract's fields.
func TestRollbackRestoresTheWholeRecord(t *testing.T) {
	dir := t.TempDir()
	const replica = "id,name,notes,extra\n1,a,keepme,E1\n2,b,important note,E2\n"
	write(t, filepath.Join(dir, "drift.yaml"), wholeConfig)
	write(t, filepath.Join(dir, "p.csv"), "id,name\n1,a\n")
	write(t, filepath.Join(dir, "r.csv"), replica)
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	if len(plan.Ops) != 1 || plan.Ops[0].Action != sources.ActionDelete {
		t.Fatalf("want one delete in the plan, got %+v", plan.Ops)
	}
	ctx := context.Background()
	res, err := repair.Execute(ctx, plan, f.cfg.Contract, f.targets(), st, execOpts())
	if err != nil || res.Counts.Applied != 1 {
		t.Fatalf("apply: %+v, %v", res, err)
	}
	if got := readFile(t, filepath.Join(dir, "r.csv")); got != "id,name,notes,extra\n1,a,keepme,E1\n" {
		t.Fatalf("after apply r.csv is %q", got)
	}
	checkBeforeImage(t, st, res.RunID)
	back, err := repair.Rollback(ctx, res.RunID, f.cfg.Contract, f.targets(), st, execOpts())
	if err != nil || back.Counts.Applied != 1 {
		t.Fatalf("rollback: %+v, %v", back, err)
	}
	if got := readFile(t, filepath.Join(dir, "r.csv")); got != replica {
		t.Errorf("after rollback r.csv is\n%q\nwant\n%q", got, replica)
	}
	again, err := repair.Rollback(ctx, back.RunID, f.cfg.Contract, f.targets(), st, execOpts())
	if err != nil || again.Counts.Applied != 1 {
		t.Fatalf("rollback of the rollback: %+v, %v", again, err)
	}
	if got := readFile(t, filepath.Join(dir, "r.csv")); got != "id,name,notes,extra\n1,a,keepme,E1\n" {
		t.Errorf("after the rollback of the rollback r.csv is %q", got)
	}
}

// checkBeforeImage: the delete's before-image starts with the contract
// fields, as explain shows them, and keeps the record whole after them.
func checkBeforeImage(t *testing.T, st state.Store, runID string) {
	t.Helper()
	entries, err := st.Journal(context.Background(), runID)
	if err != nil || len(entries) != 1 {
		t.Fatalf("journal of %s: %d entries, %v", runID, len(entries), err)
	}
	const want = `{"id":"2","name":"b","$record":{"id":"2","name":"b","notes":"important note","extra":"E2"}}`
	if got := string(entries[0].Before); got != want {
		t.Errorf("before-image of the delete:\n%s\nwant\n%s", got, want)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
