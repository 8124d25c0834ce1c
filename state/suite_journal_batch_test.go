package state

import (
	"context"
	"fmt"
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
	if err := st.FinishOps(ctx, "r", []OpOutcome{{Seq: 2, OpID: "op-1", Outcome: OutcomeApplied, At: at(3)}}); err != nil {
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

	bad := []Entry{{RunID: "r", OpID: "op-3", Key: raw(`{"id":3}`), Outcome: OutcomePending}, {RunID: "r", Key: raw(`{"id":4}`), Outcome: OutcomePending}}
	if _, err := st.AppendOps(ctx, bad); err == nil {
		t.Error("AppendOps logged an entry without an op id")
	}
	if err := st.FinishOps(ctx, "r", []OpOutcome{{Seq: 2, OpID: "op-1", Outcome: OutcomeFailed}}); err == nil {
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

// testFinishMany: FinishOps finishes more ops than one statement names,
// with two outcomes among them; one op among them that is not pending
// fails the whole call and changes nothing.
func testFinishMany(t *testing.T, st Store) {
	ctx := context.Background()
	beginRun(t, st, "r", "p", KindApply, 0)
	const n = 1203
	var intents []Entry
	var outs []OpOutcome
	for i := range n {
		id := fmt.Sprintf("op-%04d", i)
		intents = append(intents, Entry{RunID: "r", OpID: id, Source: "s", Key: raw(fmt.Sprintf(`{"id":%d}`, i)),
			Action: "update", Outcome: OutcomePending, At: at(1)})
		o := OpOutcome{Seq: int64(i + 1), OpID: id, Outcome: OutcomeApplied, At: at(2)}
		if i%100 == 7 {
			o.Outcome, o.Error = OutcomeFailed, "disk full"
		}
		outs = append(outs, o)
	}
	if _, err := st.AppendOps(ctx, intents); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordOp(ctx, Entry{RunID: "r", OpID: "done", Source: "s", Key: raw(`{"id":-1}`),
		Action: "update", Outcome: OutcomeAlreadyApplied, At: at(1)}); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishOps(ctx, "r", append(outs[:600:600], OpOutcome{Seq: n + 1, OpID: "done", Outcome: OutcomeApplied})); err == nil {
		t.Fatal("FinishOps finished ops along with one that is not pending")
	}
	// Each op is named by its entry, and its op id must be that entry's.
	swapped := append([]OpOutcome(nil), outs[:3]...)
	swapped[0].OpID, swapped[1].OpID = "op-9999", swapped[0].OpID
	if err := st.FinishOps(ctx, "r", swapped); err == nil {
		t.Fatal("FinishOps finished an entry named with another op's id")
	}
	entries, _ := st.Journal(ctx, "r")
	for _, e := range entries[:n] {
		if e.Outcome != OutcomePending {
			t.Fatalf("a failed FinishOps left op %s %s", e.OpID, e.Outcome)
		}
	}
	if err := st.FinishOps(ctx, "r", outs); err != nil {
		t.Fatal(err)
	}
	entries, _ = st.Journal(ctx, "r")
	for i, e := range entries[:n] {
		if e.Outcome != outs[i].Outcome || e.Error != outs[i].Error || !e.FinishedAt.Equal(at(2)) {
			t.Fatalf("op %s: %s %q at %v, want %s %q at %v", e.OpID, e.Outcome, e.Error, e.FinishedAt, outs[i].Outcome, outs[i].Error, at(2))
		}
	}
	run, _ := st.Run(ctx, "r")
	if want := (Counts{Applied: n - 12, AlreadyApplied: 1, Failed: 12}); run.Counts != want {
		t.Errorf("counts = %+v, want %+v", run.Counts, want)
	}
}

// testImageOnce: an op found already applied, whose record after the op is
// the one it read, has its image kept once and read back as both its
// before- and after-image; every other entry keeps its images as given.
func testImageOnce(t *testing.T, st Store) {
	ctx := context.Background()
	beginRun(t, st, "r", "p", KindApply, 0)
	image := raw(`{"id":1,"n":"=","s":"x"}`)
	entries := []Entry{
		{RunID: "r", OpID: "same", Source: "s", Key: raw(`{"id":1}`), Action: "update", Before: image, After: image,
			Outcome: OutcomeAlreadyApplied, At: at(1), FinishedAt: at(1)},
		{RunID: "r", OpID: "equal", Source: "s", Key: raw(`{"id":2}`), Action: "insert", Before: raw(`{"n":2}`), After: raw(`{"n":2}`),
			Outcome: OutcomeAlreadyApplied, At: at(1), FinishedAt: at(1)},
		{RunID: "r", OpID: "gone", Source: "s", Key: raw(`{"id":3}`), Action: "delete",
			Outcome: OutcomeAlreadyApplied, At: at(1), FinishedAt: at(1)},
		{RunID: "r", OpID: "written", Source: "s", Key: raw(`{"id":4}`), Action: "update", Before: image, After: image,
			Outcome: OutcomeApplied, At: at(1), FinishedAt: at(1)},
		{RunID: "r", OpID: "deleted", Source: "s", Key: raw(`{"id":5}`), Action: "delete", Before: image,
			Outcome: OutcomePending, At: at(1)},
	}
	if _, err := st.AppendOps(ctx, entries[:4]); err != nil {
		t.Fatal(err)
	}
	one := entries[4]
	if _, err := st.BeginOp(ctx, one); err != nil {
		t.Fatal(err)
	}
	// An op begun as a delete and finished already applied (no caller
	// does) keeps its null after-image.
	if err := st.FinishOps(ctx, "r", []OpOutcome{{Seq: 5, OpID: "deleted", Outcome: OutcomeAlreadyApplied, At: at(1)}}); err != nil {
		t.Fatal(err)
	}
	want := append([]Entry(nil), entries...)
	for i := range want {
		want[i].Seq = int64(i + 1)
	}
	want[4].Outcome, want[4].FinishedAt = OutcomeAlreadyApplied, at(1)
	assertJournal(t, st, "r", want)
	var once int
	if err := st.(*sqlStore).db.QueryRowContext(ctx, `SELECT count(*) FROM journal WHERE after_json = $1`, sameAsBefore).Scan(&once); err != nil || once != 2 {
		t.Errorf("%d entries keep their image once (%v), want 2", once, err)
	}
	if got, err := st.JournalForKey(ctx, `{"id":1}`); err != nil || len(got) != 1 || string(got[0].After) != string(image) {
		t.Errorf("JournalForKey = %+v, %v; want the image as the after-image", got, err)
	}
}

// testImageOnceEveryPath: an image kept once through RecordOp, JSON null
// images, an after-image read back that does not share the before-image's
// bytes, and the reads by key.
func testImageOnceEveryPath(t *testing.T, st Store) {
	ctx := context.Background()
	beginRun(t, st, "r", "p", KindApply, 0)
	image := raw(`{"id":7,"s":"="}`)
	rec := Entry{RunID: "r", OpID: "rec", Source: "s", Key: raw(`{"id":7}`), Action: "update", Before: image, After: image,
		Outcome: OutcomeAlreadyApplied, At: at(1), FinishedAt: at(1)}
	if _, err := st.RecordOp(ctx, rec); err != nil {
		t.Fatal(err)
	}
	null := Entry{RunID: "r", OpID: "null", Source: "s", Key: raw(`{"id":8}`), Action: "update", Before: raw(`null`), After: raw(`null`),
		Outcome: OutcomeAlreadyApplied, At: at(1), FinishedAt: at(1)}
	if _, err := st.RecordOp(ctx, null); err != nil {
		t.Fatal(err)
	}
	rec.Seq = 1
	null.Seq, null.Before, null.After = 2, nil, nil // JSON null is stored as NULL, as before
	assertJournal(t, st, "r", []Entry{rec, null})

	got, err := st.Journal(ctx, "r")
	if err != nil {
		t.Fatal(err)
	}
	got[0].After[1] = 'X'
	if string(got[0].Before) != string(image) {
		t.Errorf("changing the after-image read changed the before-image: %s", got[0].Before)
	}
	for _, k := range []string{`{"id":7}`, `{"id":8}`} {
		es, err := st.JournalForKey(ctx, k)
		if err != nil || len(es) != 1 || string(es[0].After) != string(es[0].Before) {
			t.Errorf("JournalForKey(%s) = %+v, %v", k, es, err)
		}
	}
	evs, err := KeyEvents(ctx, st, `{"id":7}`)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.OpEvent != nil && string(ev.OpEvent.After) != string(image) {
			t.Errorf("event after = %s, want %s", ev.OpEvent.After, image)
		}
	}
}

// testJournalChunks: batches larger than one INSERT takes, of full chunks
// only and with a shorter last chunk, in several transactions, read back
// whole and in order.
func testJournalChunks(t *testing.T, st Store) {
	ctx := context.Background()
	beginRun(t, st, "r", "p", KindApply, 0)
	per := batchParams / len(journalColumns)
	var want []Entry
	for _, n := range []int{2 * per, 2*per + 7, per, 3} {
		batch := make([]Entry, n)
		for i := range batch {
			k := len(want) + i
			batch[i] = Entry{RunID: "r", OpID: fmt.Sprintf("op-%d", k), Source: "s", Key: raw(fmt.Sprintf(`{"id":%d}`, k)),
				Action: "update", Before: raw(fmt.Sprintf(`{"n":%d}`, k)), After: raw(`{"n":0}`), Outcome: OutcomeApplied, At: at(1)}
		}
		seqs, err := st.AppendOps(ctx, batch)
		if err != nil || len(seqs) != n || seqs[0] != int64(len(want)+1) {
			t.Fatalf("AppendOps of %d = %d seqs from %v, %v; want them from %d", n, len(seqs), seqs[:min(1, len(seqs))], err, len(want)+1)
		}
		for i := range batch {
			batch[i].Seq, batch[i].FinishedAt = int64(len(want)+i+1), at(1)
		}
		want = append(want, batch...)
	}
	got, err := st.Journal(ctx, "r")
	if err != nil || len(got) != len(want) {
		t.Fatalf("Journal = %d entries, %v; want %d", len(got), err, len(want))
	}
	for i := range want {
		if g, w := got[i], want[i]; g.Seq != w.Seq || g.OpID != w.OpID || string(g.Key) != string(w.Key) || string(g.Before) != string(w.Before) {
			t.Fatalf("entry %d = %+v, want %+v", i, g, w)
		}
	}
	if run, _ := st.Run(ctx, "r"); run.Counts.Applied != len(want) {
		t.Errorf("applied count = %d, want %d", run.Counts.Applied, len(want))
	}
}
