package state

import (
	"context"
	"testing"
)

// testJournalBatch: AppendOps logs intents and finished ops in one
// transaction, numbered after what the run logged before; FinishOps
// finishes pending ones and counts them; a bad op fails the whole batch.
func testJournalBatch(t *testing.T, st Store) {
	ctx := context.Background()
	beginRun(t, st, "r", "p", KindApply, 0)
	first := Entry{RunID: "r", OpID: "op-0", Source: "s", Key: raw(`{"id":0}`), Action: "update",
		Outcome: OutcomeAlreadyApplied, At: at(1)}
	if _, err := st.RecordOp(ctx, first); err != nil {
		t.Fatal(err)
	}
	intent := Entry{RunID: "r", OpID: "op-1", Source: "s", Key: raw(`{"id":1}`), Action: "update",
		Before: raw(`{"n":1}`), After: raw(`{"n":2}`), Outcome: OutcomePending, At: at(2), Reason: raw(`{"strategy":"lww"}`)}
	conflict := Entry{RunID: "r", OpID: "op-2", Source: "s", Key: raw(`{"id":2}`), Action: "delete",
		Outcome: OutcomeConflict, Error: "target changed", At: at(2)}
	seqs, err := st.AppendOps(ctx, []Entry{intent, conflict})
	if err != nil || len(seqs) != 2 || seqs[0] != 2 || seqs[1] != 3 {
		t.Fatalf("AppendOps = %v, %v; want [2 3]", seqs, err)
	}
	if err := st.FinishOps(ctx, "r", []OpOutcome{{OpID: "op-1", Outcome: OutcomeApplied, At: at(3)}}); err != nil {
		t.Fatal(err)
	}
	first.Seq, first.FinishedAt = 1, at(1)
	intent.Seq, intent.Outcome, intent.FinishedAt = 2, OutcomeApplied, at(3)
	conflict.Seq, conflict.FinishedAt = 3, at(2)
	assertJournal(t, st, "r", []Entry{first, intent, conflict})
	run, _ := st.Run(ctx, "r")
	if want := (Counts{Applied: 1, AlreadyApplied: 1, Conflict: 1}); run.Counts != want {
		t.Errorf("counts = %+v, want %+v", run.Counts, want)
	}

	bad := []Entry{{RunID: "r", OpID: "op-3", Key: raw(`{"id":3}`), Outcome: OutcomePending}, {RunID: "r", OpID: "op-1", Key: raw(`{"id":1}`), Outcome: OutcomePending}}
	if _, err := st.AppendOps(ctx, bad); err == nil {
		t.Error("AppendOps logged an op id twice in a run")
	}
	if err := st.FinishOps(ctx, "r", []OpOutcome{{OpID: "op-1", Outcome: OutcomeFailed}}); err == nil {
		t.Error("FinishOps finished an op that is not pending")
	}
	if _, err := st.AppendOps(ctx, []Entry{{RunID: "nope", OpID: "x", Key: raw(`1`), Outcome: OutcomePending}}); !errorsIsNotFound(err) {
		t.Errorf("AppendOps to an unknown run = %v, want ErrNotFound", err)
	}
	assertJournal(t, st, "r", []Entry{first, intent, conflict})
	if run2, _ := st.Run(ctx, "r"); run2.Counts != run.Counts {
		t.Errorf("a failed batch changed the counts: %+v", run2.Counts)
	}
}
