package state

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
)

func errorsIsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

func beginRun(t *testing.T, st Store, id, plan string, kind Kind, start int) {
	t.Helper()
	if err := st.BeginRun(context.Background(), Run{ID: id, Kind: kind, PlanID: plan, StartedAt: at(start)}); err != nil {
		t.Fatal(err)
	}
}

func testJournalRoundTrip(t *testing.T, st Store) {
	ctx := context.Background()
	beginRun(t, st, "r", "p", KindApply, 0)
	written := Entry{RunID: "r", OpID: "op-insert", Source: "replica", Key: raw(`{"id":"a-1"}`),
		Action: "insert", After: raw(`{"id":"a-1","email":"a@x.io"}`), At: at(1),
		Reason: raw(`{"strategy":"missing:authority","from":"primary","drift":"d1"}`)}
	skipped := Entry{RunID: "r", OpID: "op-update", Source: "cache", Key: raw(`{"id":"a-2"}`),
		Action: "update", Before: raw(`{"email":"b@x.io"}`), After: raw(`{"email":"c@x.io"}`),
		Outcome: OutcomeConflict, Error: "target changed", At: at(2)}
	if seq, err := st.BeginOp(ctx, written); err != nil || seq != 1 {
		t.Fatalf("BeginOp = %d, %v; want 1", seq, err)
	}
	if seq, err := st.RecordOp(ctx, skipped); err != nil || seq != 2 {
		t.Fatalf("RecordOp = %d, %v; want 2", seq, err)
	}
	pending := written
	pending.Seq, pending.Outcome = 1, OutcomePending
	skipped.Seq, skipped.FinishedAt = 2, at(2)
	assertJournal(t, st, "r", []Entry{pending, skipped})

	if err := st.FinishOp(ctx, "r", 1, "op-insert", OutcomeApplied, "", at(3)); err != nil {
		t.Fatal(err)
	}
	done := pending
	done.Outcome, done.FinishedAt = OutcomeApplied, at(3)
	assertJournal(t, st, "r", []Entry{done, skipped})
	run, _ := st.Run(ctx, "r")
	if want := (Counts{Applied: 1, Conflict: 1}); run.Counts != want {
		t.Errorf("counts = %+v, want %+v", run.Counts, want)
	}
}

func assertJournal(t *testing.T, st Store, runID string, want []Entry) {
	t.Helper()
	got, err := st.Journal(context.Background(), runID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Journal(%s)\n got %+v\nwant %+v", runID, got, want)
	}
}

func testJournalMisuse(t *testing.T, st Store) {
	ctx := context.Background()
	beginRun(t, st, "r", "p", KindApply, 0)
	op := Entry{RunID: "r", OpID: "o", Source: "s", Key: raw(`{"id":1}`), Action: "delete"}
	if _, err := st.BeginOp(ctx, op); err != nil {
		t.Fatal(err)
	}
	finished := Entry{RunID: "r", OpID: "done", Source: "s", Key: raw(`{"id":2}`), Action: "delete"}
	if _, err := st.BeginOp(ctx, finished); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishOp(ctx, "r", 2, "done", OutcomeFailed, "boom", at(1)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
	}{
		{"unknown run", func() error {
			_, err := st.BeginOp(ctx, Entry{RunID: "nope", OpID: "o", Key: raw(`{}`)})
			return err
		}},
		{"entry without key", func() error { _, err := st.BeginOp(ctx, Entry{RunID: "r", OpID: "x"}); return err }},
		{"record with pending outcome", func() error {
			_, err := st.RecordOp(ctx, Entry{RunID: "r", OpID: "y", Key: raw(`{}`), Outcome: OutcomePending})
			return err
		}},
		{"finish with pending outcome", func() error { return st.FinishOp(ctx, "r", 1, "o", OutcomePending, "", at(1)) }},
		{"finish an op never begun", func() error { return st.FinishOp(ctx, "r", 9, "zz", OutcomeApplied, "", at(1)) }},
		{"finish twice", func() error { return st.FinishOp(ctx, "r", 2, "done", OutcomeApplied, "", at(2)) }},
		{"finish another op's entry", func() error { return st.FinishOp(ctx, "r", 1, "done", OutcomeApplied, "", at(2)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); err == nil {
				t.Error("accepted")
			}
		})
	}
	run, _ := st.Run(ctx, "r")
	if want := (Counts{Failed: 1}); run.Counts != want {
		t.Errorf("counts after misuse = %+v, want %+v", run.Counts, want)
	}
}

func testPlanOps(t *testing.T, st Store) {
	ctx := context.Background()
	key := raw(`{"id":1}`)
	op := func(run, id string) Entry {
		return Entry{RunID: run, OpID: id, Source: "s", Key: key, Action: "update"}
	}
	finished := func(run, id string, o Outcome) Entry { e := op(run, id); e.Outcome = o; return e }
	must := func(_ int64, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	beginRun(t, st, "first", "P", KindApply, 0)
	must(st.BeginOp(ctx, op("first", "op1")))
	must(0, st.FinishOp(ctx, "first", 1, "op1", OutcomeApplied, "", at(1)))
	must(st.RecordOp(ctx, finished("first", "op2", OutcomeConflict)))
	must(st.BeginOp(ctx, op("first", "op3")))
	must(0, st.FinishRun(ctx, "first", StatusInterrupted, at(2)))

	beginRun(t, st, "resume", "P", KindApply, 10)
	must(st.RecordOp(ctx, finished("resume", "op3", OutcomeAlreadyApplied)))
	must(st.BeginOp(ctx, op("resume", "op4")))
	beginRun(t, st, "undo", "P", KindRollback, 20)
	must(st.RecordOp(ctx, finished("undo", "op1", OutcomeApplied)))
	beginRun(t, st, "other", "Q", KindApply, 30)
	must(st.RecordOp(ctx, finished("other", "op5", OutcomeApplied)))

	got, err := st.PlanOps(ctx, "P", 0)
	if err != nil {
		t.Fatal(err)
	}
	// run/seq/outcome: the run and sequence number name the entry that
	// settling a pending op finishes.
	want := map[string]string{
		"op1": "first/1/applied", "op2": "first/2/conflict",
		"op3": "resume/1/already-applied", "op4": "resume/2/pending",
	}
	summary := map[string]string{}
	for id, e := range got {
		summary[id] = fmt.Sprintf("%s/%d/%s", e.RunID, e.Seq, e.Outcome)
	}
	if !reflect.DeepEqual(summary, want) {
		t.Errorf("PlanOps(P) = %v, want %v", summary, want)
	}
	// Told the plan has two ops, it stops at the newest run, which names
	// two: the older run is not read.
	if newest, err := st.PlanOps(ctx, "P", 2); err != nil || len(newest) != 2 || newest["op3"].RunID != "resume" || newest["op4"].RunID != "resume" {
		t.Errorf("PlanOps(P, 2) = %v, %v; want op3 and op4 of run resume only", newest, err)
	}
	if all, err := st.PlanOps(ctx, "P", 4); err != nil || !reflect.DeepEqual(all, got) {
		t.Errorf("PlanOps(P, 4) = %v, %v; want what PlanOps(P, 0) gave", all, err)
	}
	if none, err := st.PlanOps(ctx, "unknown", 0); err != nil || len(none) != 0 {
		t.Errorf("PlanOps(unknown) = %v, %v; want empty", none, err)
	}
}

func testConcurrentAppends(t *testing.T, st Store) {
	ctx := context.Background()
	beginRun(t, st, "r", "p", KindApply, 0)
	const workers, each = 4, 8
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				e := Entry{RunID: "r", OpID: fmt.Sprintf("w%d-%d", w, i), Source: "s", Key: raw(`{"id":1}`), Action: "update"}
				seq, err := st.BeginOp(ctx, e)
				if err != nil {
					errs <- err
					continue
				}
				errs <- st.FinishOp(ctx, "r", seq, e.OpID, OutcomeApplied, "", at(1))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	entries, err := st.Journal(ctx, "r")
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		if e.Seq != int64(i+1) || e.Outcome != OutcomeApplied {
			t.Fatalf("entry %d has seq %d and outcome %s", i, e.Seq, e.Outcome)
		}
	}
	run, _ := st.Run(ctx, "r")
	if len(entries) != workers*each || run.Counts.Applied != workers*each {
		t.Errorf("%d entries, %d counted applied; want %d", len(entries), run.Counts.Applied, workers*each)
	}
}

func testForKey(t *testing.T, st Store) {
	ctx := context.Background()
	a, b := raw(`{"region":"eu","id":"a"}`), raw(`{"region":"eu","id":"b"}`)
	beginRun(t, st, "old", "p1", KindApply, 0)
	beginRun(t, st, "new", "p2", KindApply, 5)
	beginRun(t, st, "unrelated", "p3", KindApply, 9)
	for _, e := range []Entry{
		{RunID: "new", OpID: "x", Key: a, Outcome: OutcomeApplied},
		{RunID: "old", OpID: "y", Key: a, Outcome: OutcomeConflict},
		{RunID: "unrelated", OpID: "z", Key: b, Outcome: OutcomeApplied},
	} {
		if _, err := st.RecordOp(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := st.RunsForKey(ctx, string(a))
	if err != nil || !reflect.DeepEqual(runIDs(runs), []string{"new", "old"}) {
		t.Errorf("RunsForKey = %v, %v; want [new old]", runIDs(runs), err)
	}
	entries, err := st.JournalForKey(ctx, string(a))
	var got []string
	for _, e := range entries {
		got = append(got, e.RunID+"/"+e.OpID)
	}
	if err != nil || !reflect.DeepEqual(got, []string{"old/y", "new/x"}) {
		t.Errorf("JournalForKey = %v, %v; want [old/y new/x]", got, err)
	}
	if none, err := st.RunsForKey(ctx, `{"id":"nobody"}`); err != nil || len(none) != 0 {
		t.Errorf("RunsForKey(unknown) = %v, %v; want none", none, err)
	}
}
