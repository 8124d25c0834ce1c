package state

import (
	"context"
	"fmt"
	"reflect"
	"testing"
)

func testSnapshots(t *testing.T, st Store) {
	ctx := context.Background()
	if id, get, err := st.LatestSnapshot(ctx, "accounts", "primary"); err != nil || id != "" {
		t.Fatalf("LatestSnapshot on an empty store = %q, %v", id, err)
	} else if _, ok := get(`{"id":1}`); ok {
		t.Error("an empty snapshot found a key")
	}
	for i, id := range []string{"s1", "s2"} {
		if err := st.SaveScan(ctx, Scan{ID: id, At: at(i), Contract: Contract{Name: "accounts"}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SaveSnapshot(ctx, "nope", "primary", nil); !errorsIsNotFound(err) {
		t.Errorf("SaveSnapshot for an unknown scan = %v, want ErrNotFound", err)
	}
	many := make([]SnapshotRow, 1000)
	for i := range many {
		many[i] = SnapshotRow{Key: fmt.Sprintf(`{"id":%d}`, i), Values: fmt.Sprintf(`{"n":%d}`, i)}
	}
	saves := []struct {
		scan, source string
		rows         []SnapshotRow
	}{
		{"s1", "primary", []SnapshotRow{{`{"id":1}`, `{"status":"active"}`}}},
		{"s2", "primary", many},
		{"s2", "primary", append([]SnapshotRow{{`{"id":1}`, `{"status":"closed"}`}, {`{"id":1}`, `{"status":"copy"}`}}, many[2:]...)},
		{"s1", "replica", []SnapshotRow{{`{"id":1}`, `{"status":"suspended"}`}}},
	}
	for _, s := range saves {
		if err := st.SaveSnapshot(ctx, s.scan, s.source, s.rows); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, source, key string
		scan, want        string
		found             bool
	}{
		{"latest scan wins", "primary", `{"id":1}`, "s2", `{"status":"closed"}`, true},
		{"first copy of a duplicate key", "primary", `{"id":1}`, "s2", `{"status":"closed"}`, true},
		{"batched rows", "primary", `{"id":999}`, "s2", `{"n":999}`, true},
		{"row dropped by the re-save", "primary", `{"id":0}`, "s2", "", false},
		{"a source only in an older scan", "replica", `{"id":1}`, "s1", `{"status":"suspended"}`, true},
		{"absent key", "replica", `{"id":2}`, "s1", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scan, get, err := st.LatestSnapshot(ctx, "accounts", tt.source)
			if err != nil {
				t.Fatal(err)
			}
			got, found := get(tt.key)
			if scan != tt.scan || got != tt.want || found != tt.found {
				t.Errorf("got scan %q, %q, %v; want %q, %q, %v", scan, got, found, tt.scan, tt.want, tt.found)
			}
		})
	}
	var old int
	row := st.(*sqlStore).db.QueryRowContext(ctx, `SELECT COUNT(*) FROM snapshots WHERE scan_id = 's1' AND source = 'primary'`)
	if err := row.Scan(&old); err != nil || old != 0 {
		t.Errorf("%d rows of the superseded primary snapshot kept (%v), want 0", old, err)
	}
}

func testDecisions(t *testing.T, st Store) {
	ctx := context.Background()
	key := `{"region":"eu","id":"a-17"}`
	want := []Decision{
		{SessionID: "sess", DriftID: "d1", Key: raw(key), Choice: "primary", Value: raw(`"a@x.io"`), User: "alice", Time: at(1)},
		{RunID: "run", SessionID: "sess", DriftID: "d2", Key: raw(key), Choice: "skip", User: "bob", Time: at(2)},
	}
	for _, d := range []Decision{want[1], want[0]} {
		if err := st.RecordDecision(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RecordDecision(ctx, Decision{DriftID: "d3", Key: raw(key)}); err == nil {
		t.Error("a decision without run or session was accepted")
	}
	got, err := st.DecisionsForKey(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DecisionsForKey\n got %+v\nwant %+v", got, want)
	}
	if none, err := st.DecisionsForKey(ctx, `{"id":"other"}`); err != nil || len(none) != 0 {
		t.Errorf("DecisionsForKey(other) = %v, %v; want none", none, err)
	}
}
