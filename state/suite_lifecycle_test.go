package state

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// testLifecycles saves drift lifecycles, updates them in place and reads
// back the open ones and those of a key.
func testLifecycles(t *testing.T, st Store) {
	ctx := context.Background()
	keyA := `{"region":"eu","id":"a"}`
	open := Lifecycle{Contract: "accounts", DriftID: "d1", Key: raw(keyA), Kind: "changed", Field: "email",
		Class: ClassConverging, FirstSeen: at(0), LastSeen: at(1), RunID: "s1"}
	gone := Lifecycle{Contract: "accounts", DriftID: "d2", Key: raw(keyA), Kind: "missing", Source: "replica",
		Class: ClassResolved, FirstSeen: at(0), LastSeen: at(0), ResolvedAt: at(1), AlertedAt: at(0), RunID: "s1"}
	other := Lifecycle{Contract: "other", DriftID: "d1", Key: raw(`{"id":"z"}`), Kind: "violation", Source: "cache",
		Rule: "required", Field: "status", Class: ClassUnknown, FirstSeen: at(0), LastSeen: at(0), RunID: "o1"}
	save(t, st, open, gone, other)
	checkOpen(t, st, "accounts", open)
	checkOpen(t, st, "other", other)

	// An update replaces the row: one row per drift, however many cycles.
	// A resolved drift that comes back starts a new lifecycle in its row.
	open.Class, open.LastSeen, open.AlertedAt, open.RunID = ClassPersistent, at(7), at(6), "s7"
	gone.Class, gone.FirstSeen, gone.LastSeen, gone.ResolvedAt, gone.AlertedAt = ClassConverging, at(8), at(8), time.Time{}, time.Time{}
	save(t, st, open, gone)
	checkOpen(t, st, "accounts", open, gone)

	got, err := st.LifecyclesForKey(ctx, keyA)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Lifecycle{open, gone}; !reflect.DeepEqual(got, want) {
		t.Errorf("LifecyclesForKey\n got %+v\nwant %+v", got, want)
	}
	if err := st.SaveLifecycles(ctx, []Lifecycle{{DriftID: "x"}}); err == nil {
		t.Error("a lifecycle without a contract was saved")
	}
}

func save(t *testing.T, st Store, ls ...Lifecycle) {
	t.Helper()
	if err := st.SaveLifecycles(context.Background(), ls); err != nil {
		t.Fatal(err)
	}
}

func checkOpen(t *testing.T, st Store, contract string, want ...Lifecycle) {
	t.Helper()
	got, err := st.OpenLifecycles(context.Background(), contract)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("OpenLifecycles(%s)\n got %+v\nwant %+v", contract, got, want)
	}
}
