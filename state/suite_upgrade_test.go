package state

import (
	"context"
	"testing"
)

// openAtVersion opens the store at loc as a drift of schema version v
// would: migrated to v at most, refusing a newer schema. No test runs in
// parallel with the ones that call it.
func openAtVersion(ctx context.Context, loc string, v int) (Store, error) {
	SchemaVersion = v
	defer func() { SchemaVersion = len(migrations) }()
	return Open(ctx, loc)
}

// testUpgradeBoundedHistory builds a store at schema version 7, where
// every scan copied its drift ids into scan_drifts, then opens it with
// this build: the drifts of each contract's newest scan become open
// lifecycles with the first_seen their streak had, a drift watch already
// kept is left alone, and scan_drifts is gone.
func testUpgradeBoundedHistory(t *testing.T, loc string) {
	ctx := context.Background()
	old, err := openAtVersion(ctx, loc, 7)
	if err != nil {
		t.Fatal(err)
	}
	db := old.(*sqlStore).db
	for _, q := range []string{
		`INSERT INTO scans (id, at, config_path, contract_name, contract_version, contract_digest, summary_json)
			VALUES ('s1', '` + formatTime(at(1)) + `', '', 'acc', 1, '', '{}'),
			('s2', '` + formatTime(at(2)) + `', '', 'acc', 1, '', '{}')`,
		`INSERT INTO scan_drifts (scan_id, drift_id, first_seen) VALUES
			('s1', 'gone', '` + formatTime(at(1)) + `'), ('s1', 'kept', '` + formatTime(at(1)) + `'),
			('s2', 'kept', '` + formatTime(at(1)) + `'), ('s2', 'watched', '` + formatTime(at(2)) + `')`,
		`INSERT INTO scan_drift_details (scan_id, pos, drift_id, key_json, kind, source, field, rule, message, values_json) VALUES
			('s1', 0, 'gone', '{"id":"g"}', 'missing', 'replica', '', '', '', NULL),
			('s1', 1, 'kept', '{"id":"k"}', 'changed', '', 'email', '', '', NULL),
			('s2', 0, 'kept', '{"id":"k"}', 'changed', '', 'email', '', '', NULL),
			('s2', 1, 'watched', '{"id":"w"}', 'changed', '', 'email', '', '', NULL)`,
		`INSERT INTO drift_lifecycle (contract_name, drift_id, key_json, kind, source, field, rule, class,
			first_seen, last_seen, run_id) VALUES ('acc', 'watched', '{"id":"w"}', 'changed', '', 'email', '',
			'persistent', '` + formatTime(at(0)) + `', '` + formatTime(at(2)) + `', 's2')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("old store: %v", err)
		}
	}
	old.Close()

	st := openAt(t, loc)
	open, err := st.OpenLifecycles(ctx, "acc")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Lifecycle{
		"kept": {Contract: "acc", DriftID: "kept", Key: raw(`{"id":"k"}`), Kind: "changed", Field: "email",
			Class: ClassConverging, FirstSeen: at(1), LastSeen: at(2), RunID: "s2"},
		"watched": {Contract: "acc", DriftID: "watched", Key: raw(`{"id":"w"}`), Kind: "changed", Field: "email",
			Class: ClassPersistent, FirstSeen: at(0), LastSeen: at(2), RunID: "s2"},
	}
	if len(open) != len(want) {
		t.Fatalf("open lifecycles after the upgrade = %+v, want %d", open, len(want))
	}
	for _, l := range open {
		if w := want[l.DriftID]; string(l.Key) != string(w.Key) || l.Class != w.Class || l.Kind != w.Kind ||
			!l.FirstSeen.Equal(w.FirstSeen) || !l.LastSeen.Equal(w.LastSeen) || l.RunID != w.RunID || l.Field != w.Field {
			t.Errorf("lifecycle %s = %+v, want %+v", l.DriftID, l, w)
		}
	}
	if _, err := st.(*sqlStore).db.ExecContext(ctx, `SELECT 1 FROM scan_drifts`); err == nil {
		t.Error("scan_drifts is still there")
	}
}

// testUpgradeJournalTable builds a store at schema version 11, where an op
// id was unique in its run, journals a finished run and a run left with a
// pending op, then opens it with this build: every entry reads back as it
// was, by run, by key and by plan, and the pending op is found and
// finished by its entry.
func testUpgradeJournalTable(t *testing.T, loc string) {
	ctx := context.Background()
	old, err := openAtVersion(ctx, loc, 11)
	if err != nil {
		t.Fatal(err)
	}
	beginRun(t, old, "r1", "p", KindApply, 0)
	beginRun(t, old, "r2", "p", KindApply, 1)
	done := []Entry{
		{RunID: "r1", OpID: "op-a", Source: "s", Key: raw(`{"id":1}`), Action: "update", Before: raw(`{"id":1,"n":1}`),
			After: raw(`{"id":1,"n":2}`), Reason: raw(`{"strategy":"authority"}`), Outcome: OutcomeApplied, At: at(1), FinishedAt: at(2)},
		{RunID: "r1", OpID: "op-b", Source: "s", Key: raw(`{"id":2}`), Action: "update", Before: raw(`{"id":2,"n":5}`),
			After: raw(`{"id":2,"n":5}`), Outcome: OutcomeAlreadyApplied, At: at(1), FinishedAt: at(1)},
	}
	if _, err := old.AppendOps(ctx, done); err != nil {
		t.Fatal(err)
	}
	pending := Entry{RunID: "r2", OpID: "op-a", Source: "s", Key: raw(`{"id":1}`), Action: "update",
		Before: raw(`{"id":1,"n":2}`), After: raw(`{"id":1,"n":3}`), Outcome: OutcomePending, At: at(3)}
	if _, err := old.BeginOp(ctx, pending); err != nil {
		t.Fatal(err)
	}
	old.Close()

	st := openAt(t, loc)
	done[0].Seq, done[1].Seq, pending.Seq = 1, 2, 1
	assertJournal(t, st, "r1", done)
	assertJournal(t, st, "r2", []Entry{pending})
	byKey, err := st.JournalForKey(ctx, `{"id":1}`)
	if err != nil || len(byKey) != 2 || byKey[0].RunID != "r1" || byKey[1].RunID != "r2" {
		t.Errorf("JournalForKey after the upgrade = %+v, %v; want the entries of r1 and r2", byKey, err)
	}
	ops, err := st.PlanOps(ctx, "p", 2)
	if err != nil || ops["op-a"].Outcome != OutcomePending || ops["op-a"].RunID != "r2" || ops["op-b"].Outcome != OutcomeAlreadyApplied {
		t.Errorf("PlanOps after the upgrade = %+v, %v", ops, err)
	}
	if err := st.FinishOp(ctx, "r2", 1, "op-a", OutcomeApplied, "", at(5)); err != nil {
		t.Fatalf("FinishOp of the pending op after the upgrade: %v", err)
	}
	pending.Outcome, pending.FinishedAt = OutcomeApplied, at(5)
	assertJournal(t, st, "r2", []Entry{pending})
}
