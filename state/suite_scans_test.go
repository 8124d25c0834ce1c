package state

import (
	"context"
	"reflect"
	"testing"
	"time"
)

func testScanRoundTrip(t *testing.T, st Store) {
	ctx := context.Background()
	want := Scan{
		ID: "scan-1", At: at(0), ConfigPath: "drift.yaml",
		Contract: Contract{Name: "accounts", Version: 3, Digest: "sha256:c"},
		Sources: []SourceScan{
			{Name: "primary", Version: "0/16B3748", Records: 1000},
			{Name: "cache", Error: "dial tcp 127.0.0.1:6379: connection refused"},
		},
		Summary: raw(`{"keys":1003,"drifted_keys":13}`),
	}
	if err := st.SaveScan(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := st.Scan(ctx, "scan-1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Scan\n got %+v\nwant %+v", got, want)
	}
	if err := st.SaveScan(ctx, Scan{ID: "scan-2", At: at(1), Contract: Contract{Name: "accounts"}}); err != nil {
		t.Fatal(err)
	}
	list, err := st.Scans(ctx, 0)
	if err != nil || len(list) != 2 || list[0].ID != "scan-2" || len(list[1].Sources) != 2 {
		t.Errorf("Scans = %+v, %v; want scan-2 then scan-1 with its sources", list, err)
	}
	if string(list[0].Summary) != "{}" {
		t.Errorf("an absent summary is stored as %q, want {}", list[0].Summary)
	}
	if _, err := st.Scan(ctx, "nope"); !errorsIsNotFound(err) {
		t.Errorf("Scan(nope) = %v, want ErrNotFound", err)
	}
	if err := st.SaveScan(ctx, want); err == nil {
		t.Error("SaveScan accepted a duplicate scan id")
	}
}

// testFirstSeen reads first_seen from the open lifecycles a scan saved:
// a resolved drift, an unknown id or another contract's drift has none.
func testFirstSeen(t *testing.T, st Store) {
	ctx := context.Background()
	lc := func(contract, id string, first int, resolved bool) Lifecycle {
		l := Lifecycle{Contract: contract, DriftID: id, Key: raw(`{"id":"` + id + `"}`), Kind: "changed",
			Class: ClassConverging, FirstSeen: at(first), LastSeen: at(2), RunID: "s"}
		if resolved {
			l.Class, l.ResolvedAt = ClassResolved, at(2)
		}
		return l
	}
	sc := Scan{ID: "s", At: at(2), Contract: Contract{Name: "c"}, Lifecycles: []Lifecycle{
		lc("c", "a", 0, false), lc("c", "b", 1, true), lc("c", "d", 2, false)}}
	if err := st.SaveScan(ctx, sc); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveLifecycles(ctx, []Lifecycle{lc("other", "e", 0, false)}); err != nil {
		t.Fatal(err)
	}
	got, err := st.FirstSeen(ctx, "c", []string{"a", "b", "d", "e", "zz"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{"a": at(0), "d": at(2)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FirstSeen = %v, want %v", got, want)
	}
}

// testTouch: a scan with Touch stamps the contract's open lifecycles
// last seen by it, except the unknown ones, and leaves resolved ones and
// other contracts alone.
func testTouch(t *testing.T, st Store) {
	ctx := context.Background()
	lc := func(contract, id string, class Class) Lifecycle {
		l := Lifecycle{Contract: contract, DriftID: id, Key: raw(`{"id":"` + id + `"}`), Kind: "changed",
			Class: class, FirstSeen: at(0), LastSeen: at(0), RunID: "s0"}
		if class == ClassResolved {
			l.ResolvedAt = at(0)
		}
		return l
	}
	first := Scan{ID: "s0", At: at(0), Contract: Contract{Name: "c"}, Lifecycles: []Lifecycle{
		lc("c", "open", ClassPersistent), lc("c", "unknown", ClassUnknown), lc("c", "gone", ClassResolved), lc("o", "other", ClassConverging)}}
	if err := st.SaveScan(ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveScan(ctx, Scan{ID: "s5", At: at(5), Contract: Contract{Name: "c"}, Touch: true}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"open", "unknown", "gone", "other"} {
		ls, err := st.LifecyclesForKey(ctx, `{"id":"`+key+`"}`)
		if err != nil || len(ls) != 1 {
			t.Fatalf("%s: %+v, %v", key, ls, err)
		}
		want, run := at(0), "s0"
		if key == "open" {
			want, run = at(5), "s5"
		}
		if !ls[0].LastSeen.Equal(want) || ls[0].RunID != run {
			t.Errorf("%s: last seen %v by %s, want %v by %s", key, ls[0].LastSeen, ls[0].RunID, want, run)
		}
	}
}
