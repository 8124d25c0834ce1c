package state

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
)

// pruneScan is scan i of contract c, a minute after the previous one,
// with the detail and the open lifecycle of one drift of its own; the
// previous scan's drift is resolved in it.
func pruneScan(c string, i int, ret contract.Retention) Scan {
	id := fmt.Sprintf("%s-d%d", c, i)
	key := raw(fmt.Sprintf(`{"id":"%s"}`, id))
	sc := Scan{ID: fmt.Sprintf("%s-s%02d", c, i), At: at(i), Contract: Contract{Name: c}, Retention: ret,
		Sources: []SourceScan{{Name: "primary", Records: 1}},
		Drifts:  []ScanDrift{{ID: id, Key: key, Kind: "changed", Field: "email"}},
		Lifecycles: []Lifecycle{{Contract: c, DriftID: id, Key: key, Kind: "changed", Field: "email",
			Class: ClassConverging, FirstSeen: at(i), LastSeen: at(i), RunID: fmt.Sprintf("%s-s%02d", c, i)}}}
	if i > 0 {
		prev := fmt.Sprintf("%s-d%d", c, i-1)
		sc.Lifecycles = append(sc.Lifecycles, Lifecycle{Contract: c, DriftID: prev,
			Key: raw(fmt.Sprintf(`{"id":"%s"}`, prev)), Kind: "changed", Field: "email", Class: ClassResolved,
			FirstSeen: at(i - 1), LastSeen: at(i - 1), ResolvedAt: at(i), RunID: sc.ID})
	}
	return sc
}

func countRows(t *testing.T, st Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := st.(*sqlStore).db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// testRetention saves scans past a retention of 3 scans: the older scans
// lose their summary, sources and drift detail; every lifecycle stays,
// and so do another contract's scans, a recorded scan and a scan holding
// a snapshot.
func testRetention(t *testing.T, st Store) {
	ctx := context.Background()
	ret := contract.Retention{Age: 24 * time.Hour, Scans: 3}
	if err := st.SaveScan(ctx, pruneScan("other", 0, ret)); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if err := st.SaveScan(ctx, pruneScan("ret", i, ret)); err != nil {
			t.Fatal(err)
		}
		switch i {
		case 1:
			if err := st.SaveRecording(ctx, Recording{ScanID: "ret-s01"}, NewRecordBuffer(0)); err != nil {
				t.Fatal(err)
			}
		case 2:
			if err := st.SaveSnapshot(ctx, "ret-s02", "primary", []SnapshotRow{{Key: `{"id":1}`, Values: `{}`}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	scans, err := st.Scans(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, sc := range scans {
		ids = append(ids, sc.ID)
	}
	if want := "[ret-s09 ret-s08 ret-s07 ret-s02 ret-s01 other-s00]"; fmt.Sprint(ids) != want {
		t.Errorf("scans kept = %v, want %s", ids, want)
	}
	if n := countRows(t, st, `SELECT COUNT(*) FROM scan_drift_details WHERE scan_id LIKE 'ret-%'`); n != 5 {
		t.Errorf("%d drift details kept, want 5 (those of the scans kept)", n)
	}
	if n := countRows(t, st, `SELECT COUNT(*) FROM scan_sources WHERE scan_id LIKE 'ret-%'`); n != 5 {
		t.Errorf("%d scan sources kept, want 5", n)
	}
	if got, err := st.DriftsForKey(ctx, `{"id":"ret-d0"}`); err != nil || len(got) != 0 {
		t.Errorf("detail of a pruned scan = %v, %v; want none", got, err)
	}
	ls, err := st.LifecyclesForKey(ctx, `{"id":"ret-d0"}`)
	if err != nil || len(ls) != 1 {
		t.Fatalf("lifecycles of the first drift = %v, %v; want it kept after pruning", ls, err)
	}
	if !ls[0].FirstSeen.Equal(at(0)) || !ls[0].ResolvedAt.Equal(at(1)) {
		t.Errorf("the first drift: first seen %v, resolved %v; want %v, %v", ls[0].FirstSeen, ls[0].ResolvedAt, at(0), at(1))
	}
}

// testRetentionAge prunes by age, and drops the lifecycles resolved
// before the age while the open ones stay, however old.
func testRetentionAge(t *testing.T, st Store) {
	ctx := context.Background()
	ret := contract.Retention{Age: 5 * time.Minute, Scans: 1000}
	old := pruneScan("age", 0, ret)
	gone := old.Lifecycles[0]
	gone.DriftID, gone.Class, gone.ResolvedAt = "resolved-early", ClassResolved, at(1)
	late := gone
	late.DriftID, late.ResolvedAt = "resolved-late", at(8)
	old.Lifecycles = append(old.Lifecycles, gone, late)
	if err := st.SaveScan(ctx, old); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 10; i++ {
		sc := pruneScan("age", i, ret)
		if i == 1 {
			sc.Lifecycles = sc.Lifecycles[:1] // age-d0 stays open
		}
		if err := st.SaveScan(ctx, sc); err != nil {
			t.Fatal(err)
		}
	}
	if n := countRows(t, st, `SELECT COUNT(*) FROM scans WHERE contract_name = 'age'`); n != 7 {
		t.Errorf("%d scans kept, want the 6 of the last 5 minutes and the first, which holds the values of age-d0, still open", n)
	}
	if got, err := st.DriftsForKey(ctx, `{"id":"age-d0"}`); err != nil || len(got) != 1 {
		t.Errorf("detail of the open drift age-d0 = %v, %v; want the one its first scan saved", got, err)
	}
	ls, err := st.LifecyclesForKey(ctx, `{"id":"age-d0"}`)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, l := range ls {
		kept = append(kept, l.DriftID)
	}
	if want := "[age-d0 resolved-late]"; fmt.Sprint(kept) != want {
		t.Errorf("lifecycles kept = %v, want %s", kept, want)
	}
}

// testPruneIsBounded: one save prunes at most pruneScans scans, so a
// backlog drains over the following saves.
func testPruneIsBounded(t *testing.T, st Store) {
	ctx := context.Background()
	big := contract.Retention{Scans: 1000}
	for i := range 50 {
		if err := st.SaveScan(ctx, pruneScan("backlog", i, big)); err != nil {
			t.Fatal(err)
		}
	}
	small := contract.Retention{Scans: 1}
	want := []int{51 - pruneScans, 52 - 2*pruneScans, 1}
	for i, n := range want {
		if err := st.SaveScan(ctx, pruneScan("backlog", 50+i, small)); err != nil {
			t.Fatal(err)
		}
		if got := countRows(t, st, `SELECT COUNT(*) FROM scans WHERE contract_name = 'backlog'`); got != n {
			t.Errorf("after save %d: %d scans, want %d", i+1, got, n)
		}
	}
}
