package state

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// testStore runs the whole store suite against one backend. newLocation
// returns a fresh, empty store location (a file path or a URL) each call;
// the suite opens it with Open, so backend selection is under test too.
func testStore(t *testing.T, newLocation func(t *testing.T) string) {
	open := func(t *testing.T) Store { return openAt(t, newLocation(t)) }
	t.Run("migrations are idempotent", func(t *testing.T) { testMigrations(t, newLocation(t)) })
	t.Run("run round trip", func(t *testing.T) { testRunRoundTrip(t, open(t)) })
	t.Run("runs newest first", func(t *testing.T) { testRunsOrder(t, open(t)) })
	t.Run("journal round trip", func(t *testing.T) { testJournalRoundTrip(t, open(t)) })
	t.Run("journal rejects misuse", func(t *testing.T) { testJournalMisuse(t, open(t)) })
	t.Run("journal batches", func(t *testing.T) { testJournalBatch(t, open(t)) })
	t.Run("finish many ops", func(t *testing.T) { testFinishMany(t, open(t)) })
	t.Run("an already-applied image kept once", func(t *testing.T) { testImageOnce(t, open(t)) })
	t.Run("an image kept once, every path", func(t *testing.T) { testImageOnceEveryPath(t, open(t)) })
	t.Run("plan ops for resume", func(t *testing.T) { testPlanOps(t, open(t)) })
	t.Run("concurrent appends", func(t *testing.T) { testConcurrentAppends(t, open(t)) })
	t.Run("lookups by key", func(t *testing.T) { testForKey(t, open(t)) })
	t.Run("scan round trip", func(t *testing.T) { testScanRoundTrip(t, open(t)) })
	t.Run("first seen streaks", func(t *testing.T) { testFirstSeen(t, open(t)) })
	t.Run("drifts for key", func(t *testing.T) { testDriftsForKey(t, open(t)) })
	t.Run("large scan", func(t *testing.T) { testLargeScan(t, open(t)) })
	t.Run("latest scan", func(t *testing.T) { testLatestScan(t, open(t)) })
	t.Run("snapshots", func(t *testing.T) { testSnapshots(t, open(t)) })
	t.Run("decisions", func(t *testing.T) { testDecisions(t, open(t)) })
	t.Run("leases exclude overlapping runs", func(t *testing.T) { testLeaseExclusion(t, open(t)) })
	t.Run("leases expire without a heartbeat", func(t *testing.T) { testLeaseExpiry(t, open(t)) })
	t.Run("leases of a dead process", func(t *testing.T) { testLeaseDeadProcess(t, open(t)) })
	t.Run("leases race", func(t *testing.T) { testLeaseRace(t, open(t)) })
	t.Run("shared leases", func(t *testing.T) { testLeaseShared(t, open(t)) })
	t.Run("shared leases expire", func(t *testing.T) { testLeaseSharedExpiry(t, open(t)) })
	t.Run("resume marks runs", func(t *testing.T) { testResumeRun(t, open(t)) })
	t.Run("not-applied outcome", func(t *testing.T) { testNotApplied(t, open(t)) })
	t.Run("drift lifecycles", func(t *testing.T) { testLifecycles(t, open(t)) })
	t.Run("touch open lifecycles", func(t *testing.T) { testTouch(t, open(t)) })
	t.Run("retention by count", func(t *testing.T) { testRetention(t, open(t)) })
	t.Run("retention by age", func(t *testing.T) { testRetentionAge(t, open(t)) })
	t.Run("pruning is bounded", func(t *testing.T) { testPruneIsBounded(t, open(t)) })
	t.Run("journal batches of many chunks", func(t *testing.T) { testJournalChunks(t, open(t)) })
	t.Run("upgrade to bounded history", func(t *testing.T) { testUpgradeBoundedHistory(t, newLocation(t)) })
	t.Run("upgrade to a journal without an op id index", func(t *testing.T) { testUpgradeJournalTable(t, newLocation(t)) })
	t.Run("recordings", func(t *testing.T) { testRecordings(t, open(t)) })
	t.Run("open runs", func(t *testing.T) { testOpenRuns(t, open(t)) })
}

func openAt(t *testing.T, loc string) Store {
	t.Helper()
	st, err := Open(context.Background(), loc)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// base is a fixed instant with nanoseconds, to check times round-trip exactly.
var base = time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.UTC)

func at(minutes int) time.Time { return base.Add(time.Duration(minutes) * time.Minute) }

func testMigrations(t *testing.T, loc string) {
	ctx := context.Background()
	first := openAt(t, loc)
	if err := first.BeginRun(ctx, Run{ID: "r1", Kind: KindApply, StartedAt: at(0)}); err != nil {
		t.Fatal(err)
	}
	second := openAt(t, loc)
	if _, err := second.Run(ctx, "r1"); err != nil {
		t.Fatalf("a second open lost the data: %v", err)
	}
	var versions, max int
	row := second.(*sqlStore).db.QueryRowContext(ctx, `SELECT COUNT(*), MAX(version) FROM schema_migrations`)
	if err := row.Scan(&versions, &max); err != nil {
		t.Fatal(err)
	}
	if versions != SchemaVersion || max != SchemaVersion {
		t.Errorf("schema_migrations has %d rows up to version %d, want %d rows up to %d",
			versions, max, SchemaVersion, SchemaVersion)
	}
}

func testRunRoundTrip(t *testing.T, st Store) {
	ctx := context.Background()
	want := Run{
		ID: "run-1", Kind: KindRollback, PlanID: "sha256:p", ConfigPath: "/etc/drift/drift.yaml",
		Contract: Contract{Name: "accounts", Version: 3, Digest: "sha256:c"},
		User:     "alice", Host: "box", RollbackOf: "run-0", StartedAt: at(0), Status: StatusRunning,
	}
	if err := st.BeginRun(ctx, want); err != nil {
		t.Fatal(err)
	}
	assertRun(t, st, want)
	if err := st.FinishRun(ctx, "run-1", StatusDone, at(5)); err != nil {
		t.Fatal(err)
	}
	want.Status, want.FinishedAt = StatusDone, at(5)
	assertRun(t, st, want)
	if err := st.BeginRun(ctx, want); err == nil {
		t.Error("BeginRun accepted a duplicate run id")
	}
	if err := st.FinishRun(ctx, "nope", StatusDone, at(5)); !errorsIsNotFound(err) {
		t.Errorf("FinishRun of an unknown run: %v, want ErrNotFound", err)
	}
	if _, err := st.Run(ctx, "nope"); !errorsIsNotFound(err) {
		t.Errorf("Run of an unknown id: %v, want ErrNotFound", err)
	}
	if err := st.BeginRun(ctx, Run{ID: "who", Kind: KindApply}); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Run(ctx, "who")
	if got.User == "" && got.Host == "" || got.StartedAt.IsZero() {
		t.Errorf("BeginRun did not fill user, host and start time: %+v", got)
	}
}

func assertRun(t *testing.T, st Store, want Run) {
	t.Helper()
	got, err := st.Run(context.Background(), want.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Run(%s)\n got %+v\nwant %+v", want.ID, got, want)
	}
}

func testRunsOrder(t *testing.T, st Store) {
	ctx := context.Background()
	for i, id := range []string{"b", "c", "a"} {
		if err := st.BeginRun(ctx, Run{ID: id, Kind: KindApply, StartedAt: at(i)}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		limit int
		want  []string
	}{
		{"all", 0, []string{"a", "c", "b"}},
		{"limited", 2, []string{"a", "c"}},
		{"limit above count", 10, []string{"a", "c", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs, err := st.Runs(ctx, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if got := runIDs(runs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Runs(%d) = %v, want %v", tt.limit, got, tt.want)
			}
		})
	}
}

func runIDs(runs []Run) []string {
	ids := []string{}
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	return ids
}

func raw(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}
