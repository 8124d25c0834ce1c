package repair_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// copyCase copies a fixture folder into a temporary one.
func copyCase(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", name))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestApplyConflictKeepsNewerValue(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	replica := filepath.Join(dir, "replica.ndjson")
	b, _ := os.ReadFile(replica)
	changed := strings.Replace(string(b), "old@x.io", "third@x.io", 1)
	if changed == string(b) {
		t.Fatal("fixture lacks old@x.io")
	}
	write(t, replica, changed)

	res, err := repair.Execute(context.Background(), plan, f.cfg.Contract, f.targets(), st, execOpts())
	if err != nil {
		t.Fatal(err)
	}
	want := state.Counts{Applied: 2, Conflict: 1}
	if res.Counts != want {
		t.Fatalf("counts = %+v, want %+v", res.Counts, want)
	}
	var conflict *repair.OpResult
	for i := range res.Ops {
		if res.Ops[i].Outcome == state.OutcomeConflict {
			conflict = &res.Ops[i]
		}
	}
	if conflict == nil || !strings.Contains(string(conflict.Current), "third@x.io") {
		t.Fatalf("conflict op = %+v, want it to show the current value third@x.io", conflict)
	}
	after, _ := os.ReadFile(replica)
	if !strings.Contains(string(after), "third@x.io") || strings.Contains(string(after), "new@x.io") {
		t.Fatalf("the newer value was not kept:\n%s", after)
	}
	entries, err := st.Journal(context.Background(), res.RunID)
	if err != nil || len(entries) != 3 {
		t.Fatalf("journal = %d entries, %v; want 3", len(entries), err)
	}
}

func TestApplyAlreadyApplied(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	first, err := repair.Execute(context.Background(), plan, f.cfg.Contract, f.targets(), st, execOpts())
	if err != nil || first.Counts.Applied != 3 {
		t.Fatalf("first apply = %+v, %v", first, err)
	}
	// A fresh store has no journal to resume from: every op is re-read and
	// found done.
	fresh := openStore(t, t.TempDir())
	res, err := repair.Execute(context.Background(), plan, f.cfg.Contract, f.targets(), fresh, execOpts())
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts != (state.Counts{AlreadyApplied: 3}) {
		t.Fatalf("counts = %+v, want 3 already-applied", res.Counts)
	}
}

func TestApplyInterrupted(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	ctx, cancel := context.WithCancel(context.Background())
	opts := execOpts()
	res, err := repair.Execute(ctx, plan, f.cfg.Contract, onRead(f, cancel), st, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != state.StatusInterrupted || len(res.Ops) != 1 || res.Counts.Applied != 1 {
		t.Fatalf("interrupted run = %+v; want the current op finished and the run stopped", res)
	}
	again, err := repair.Execute(context.Background(), plan, f.cfg.Contract, f.targets(), st, execOpts())
	if err != nil {
		t.Fatal(err)
	}
	if again.Counts.Applied != 2 || !again.Ops[0].Resumed {
		t.Fatalf("resume = %+v; want the first op skipped and two applied", again)
	}
	if r, _ := st.Run(context.Background(), opts.RunID); r.Status != state.StatusInterrupted || r.ResumedBy != again.RunID {
		t.Errorf("the stopped run is %s, resumed by %q; want interrupted, resumed by %s", r.Status, r.ResumedBy, again.RunID)
	}
}
