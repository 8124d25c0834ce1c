package tui

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// A whole session on the file example: filter, take a value from another
// source, edit one value (after a refused one), skip one, accept the rest,
// apply. The files, the journal and a new scan must show exactly that.
func TestSessionEndToEnd(t *testing.T) {
	f := newFixture(t)
	tm := start(t, f)
	typeKeys(tm, "/", "u", "s", "/", "enter") // us/a-02 tags, us/a-06 balance, us/a-12 twice
	typeKeys(tm, "s")                         // skip us/a-02 tags; the cursor moves to us/a-06 balance
	typeKeys(tm, "3")                         // us/a-06 balance from cache (the authority is read-only)
	typeKeys(tm, "esc", "/", "a", "-", "1", "4", "enter")
	typeKeys(tm, "e", "x", "enter") // eu/a-14 status "activex": refused
	waitScreen(t, tm, "refused:")
	typeKeys(tm, "backspace", "enter") // "active"
	typeKeys(tm, "esc", "A")
	waitScreen(t, tm, "Accept the proposal of the 6 drifts shown?")
	typeKeys(tm, "y", "r")
	waitScreen(t, tm, "press y to apply 6 ops")
	typeKeys(tm, "y")
	waitScreen(t, tm, "u undoes this run")
	typeKeys(tm, "q")
	fm := tm.FinalModel(t).(Model)
	run := fm.Run()
	if run == nil || run.Counts.Applied != 6 || run.Counts.Conflict+run.Counts.Failed != 0 {
		t.Fatalf("run %+v, want 6 applied", run)
	}

	cache := readFile(t, f, "data/cache.ndjson")
	if !strings.Contains(lineOf(cache, `"a-02"`), `["vip"]`) {
		t.Errorf("the skipped tags of us/a-02 were written: %s", lineOf(cache, `"a-02"`))
	}
	if strings.Contains(cache, `"a-12"`) {
		t.Error("us/a-12 was not deleted from the cache")
	}
	if replica := readFile(t, f, "data/replica.json"); strings.Contains(replica, "frozen") || !strings.Contains(replica, "a-09") {
		t.Errorf("replica not repaired:\n%s", replica)
	}

	checkDecisions(t, f, map[string]string{
		`{"region":"us","account_id":"a-02"}`: "skip",
		`{"region":"us","account_id":"a-06"}`: "cache=250",
		`{"region":"eu","account_id":"a-14"}`: "edit=active",
		`{"region":"eu","account_id":"a-17"}`: "approve=a@x.io",
	})
	entries, err := f.store.Journal(context.Background(), run.RunID)
	if err != nil || len(entries) != 6 {
		t.Errorf("journal of %s: %d entries, err %v; want 6", run.RunID, len(entries), err)
	}

	if got := rescan(t, f); strings.Join(got, "\n") != "changed us/a-02 tags" {
		t.Errorf("a new scan shows:\n%s\nwant only the skipped drift", strings.Join(got, "\n"))
	}
}

// u on the result rolls the run back, after a confirmation.
func TestUndoRestoresTheSources(t *testing.T) {
	f := newFixture(t)
	before := rescan(t, f)
	tm := start(t, f)
	typeKeys(tm, "A", "y", "r", "y")
	waitScreen(t, tm, "u undoes this run")
	typeKeys(tm, "u")
	waitScreen(t, tm, "Roll back the 7 applied ops")
	typeKeys(tm, "y")
	waitScreen(t, tm, "Rolled back")
	typeKeys(tm, "q")
	fm := tm.FinalModel(t).(Model)
	if run := fm.Run(); run == nil || run.Kind != state.KindRollback || run.Counts.Applied != 7 {
		t.Fatalf("last run %+v, want a rollback of 7 ops", run)
	}
	if after := rescan(t, f); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("after undo a scan shows:\n%s\nwant:\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
	}
}

func readFile(t *testing.T, f *fixture, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(f.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func lineOf(text, sub string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

// checkDecisions reads each key's decisions back from the journal: the
// choice, and "=value" when it carries one.
func checkDecisions(t *testing.T, f *fixture, want map[string]string) {
	t.Helper()
	for key, w := range want {
		ds, err := f.store.DecisionsForKey(context.Background(), key)
		if err != nil || len(ds) != 1 {
			t.Errorf("decisions of %s: %+v, err %v; want one", key, ds, err)
			continue
		}
		got := ds[0].Choice
		if ds[0].Value != nil {
			got += "=" + plain(ds[0].Value)
		}
		if got != w || ds[0].User != "tester" || ds[0].SessionID == "" || ds[0].RunID == "" || !ds[0].Time.Equal(testNow) {
			t.Errorf("decision on %s: %s by %q at %v in session %q; want %s by tester", key, got, ds[0].User, ds[0].Time, ds[0].SessionID, w)
		}
	}
}

// rescan scans the fixture again and lists its changed and missing drifts.
func rescan(t *testing.T, f *fixture) []string {
	t.Helper()
	res, err := scan.Run(context.Background(), f.cfg, f.srcs, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range res.Report.Drifts {
		if d.Kind != diff.Violation {
			out = append(out, d.Kind.String()+" "+keyText(d.Key)+" "+d.Field+d.Source)
		}
	}
	sort.Strings(out)
	return out
}

// An apply stopped by quit leaves its plan saved; `drift apply` of that
// file (repair.Apply on the read plan) resumes and finishes it.
func TestInterruptedApplyResumesFromTheSavedPlan(t *testing.T) {
	f := newFixture(t)
	m := f.scanned(t)
	for _, it := range m.sess.items {
		if it.decidable() && len(it.ops) > 0 {
			it.decision = decision{choice: chooseAccept}
		}
	}
	plan, err := m.sess.amend()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	opts := f.opts
	opts.Store = &quitAfterFirstOp{Store: f.store, quit: cancel}
	msg := applyCmd(ctx, opts, plan, "run-stopped", make(chan tea.Msg, 64))().(runDoneMsg)
	// A quit stops the run after the current op, or after the batch of
	// file writes it is part of.
	done := len(msg.res.Ops)
	if msg.err != nil || msg.res.Status != state.StatusInterrupted || done == 0 || done >= len(plan.Ops) {
		t.Fatalf("stopped apply: %+v, err %v; want it interrupted after its first op or batch", msg.res, msg.err)
	}
	data, err := os.ReadFile(msg.planFile)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := repair.ReadPlan(data)
	if err != nil {
		t.Fatalf("the saved plan is refused: %v", err)
	}
	res, err := repair.Apply(context.Background(), saved, f.cfg.Contract, repair.Targets(f.srcs), f.store, repair.ExecOptions{RunID: "run-resumed"})
	if err != nil || res.Counts.Applied != len(plan.Ops)-done || res.Counts.AlreadyApplied != done {
		t.Fatalf("resume: %+v, err %v; want %d ops already applied, %d applied", res, err, done, len(plan.Ops)-done)
	}
	if got := rescan(t, f); len(got) != 0 {
		t.Errorf("after the resume a scan still shows %v", got)
	}
}

// quitAfterFirstOp is a store that cancels the run, as q does, once the
// first op's outcome is journaled.
type quitAfterFirstOp struct {
	state.Store
	quit context.CancelFunc
}

func (q *quitAfterFirstOp) FinishOp(ctx context.Context, runID string, seq int64, opID string, o state.Outcome, msg string, at time.Time) error {
	defer q.quit()
	return q.Store.FinishOp(ctx, runID, seq, opID, o, msg, at)
}

func (q *quitAfterFirstOp) RecordOp(ctx context.Context, e state.Entry) (int64, error) {
	defer q.quit()
	return q.Store.RecordOp(ctx, e)
}

// FinishOps is FinishOp for a batch of outcomes journaled at once.
func (q *quitAfterFirstOp) FinishOps(ctx context.Context, runID string, outs []state.OpOutcome) error {
	defer q.quit()
	return q.Store.FinishOps(ctx, runID, outs)
}
