package sqltest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/drift-sh/drift/sources"
)

// testWrite runs compare-and-set writes in order, each against the state
// the previous ones left.
func testWrite(t *testing.T, b Backend) {
	name := b.Table(t)
	src := b.Source(t, "table: "+name+"\nwritable: true")
	w, ok := src.(sources.Writer)
	if !ok {
		t.Fatalf("%s does not implement sources.Writer", b.Type)
	}
	c := contractOf(t, src, b)
	ctx := context.Background()
	one, three := []any{json.Number("1")}, []any{json.Number("3")}
	steps := []struct {
		name     string
		op       sources.WriteOp
		conflict bool
	}{
		{"update with a stale expectation", sources.WriteOp{Action: sources.ActionUpdate, Key: one,
			Expect: map[string]any{"balance": "9"}, Set: map[string]any{"balance": "2.25"}}, true},
		{"update expecting 1.5 where the row holds 1.50", sources.WriteOp{Action: sources.ActionUpdate, Key: one,
			Expect: map[string]any{"balance": "1.5", "updated_at": "2024-05-01T10:00:00Z", "tags": []any{"a", "b"}},
			Set: map[string]any{"balance": "2.25", "tags": []any{"x", "y"}, "attrs": map[string]any{"k": json.Number("2.5")},
				"updated_at": "2024-06-01T00:00:01Z", "active": false, "name": "Ann B"}}, false},
		{"update of an absent key", sources.WriteOp{Action: sources.ActionUpdate, Key: three,
			Expect: map[string]any{"name": "x"}, Set: map[string]any{"name": "y"}}, true},
		{"insert of an existing key", sources.WriteOp{Action: sources.ActionInsert, Key: one,
			Record: map[string]any{"id": json.Number("1"), "name": "dup"}}, true},
		{"insert of a new key", sources.WriteOp{Action: sources.ActionInsert, Key: three,
			Record: map[string]any{"id": json.Number("3"), "name": "Cy", "balance": "0.10", "ratio": json.Number("1.5"),
				"active": true, "updated_at": "2024-07-01T12:00:00Z", "tags": []any{"c"}, "attrs": []any{"z"}}}, false},
		{"delete with a stale expectation", sources.WriteOp{Action: sources.ActionDelete, Key: three,
			Expect: map[string]any{"name": "Cyrus"}}, true},
		{"delete", sources.WriteOp{Action: sources.ActionDelete, Key: []any{json.Number("2")},
			Expect: map[string]any{"name": "Bob", "balance": "20"}}, false},
		{"delete again", sources.WriteOp{Action: sources.ActionDelete, Key: []any{json.Number("2")},
			Expect: map[string]any{"name": "Bob"}}, true},
	}
	for _, st := range steps {
		err := w.Write(ctx, st.op)
		if st.conflict {
			IsConflict(t, err)
		} else if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
	}
	want := map[string]map[string]string{
		"1": {"id": "1", "name": `"Ann B"`, "balance": `"2.25"`, "ratio": "0.25", "active": "false",
			"updated_at": `"2024-06-01T00:00:01Z"`, "tags": `["x","y"]`, "attrs": `{"k":2.5}`},
		"3": {"id": "3", "name": `"Cy"`, "balance": `"0.1"`, "ratio": "1.5", "active": "true",
			"updated_at": `"2024-07-01T12:00:00Z"`, "tags": `["c"]`, "attrs": `["z"]`},
	}
	for id, fields := range want {
		rec, found, err := w.Get(ctx, []any{json.Number(id)})
		if err != nil || !found {
			t.Fatalf("get %s: found=%v err=%v", id, found, err)
		}
		got := Canon(c, rec)
		for f, v := range fields {
			if got[f] != v {
				t.Errorf("record %s field %s = %s, want %s", id, f, got[f], v)
			}
		}
	}
	if _, found, err := w.Get(ctx, []any{json.Number("2")}); found || err != nil {
		t.Errorf("get 2 after delete: found=%v err=%v, want absent", found, err)
	}
}
