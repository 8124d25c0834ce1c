package sourcetest

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/drift-sh/drift/sources"
)

func isConflict(err error) bool { return errors.Is(err, sources.ErrConflict) }

func testFetch(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	got, snap := f.fetch()
	if snap.Records != 3 || len(got) != 3 {
		t.Fatalf("Fetch read %d records (snapshot says %d), want 3", len(got), snap.Records)
	}
	for id, w := range want {
		rec, ok := got[id]
		if !ok {
			t.Fatalf("record id %s not read", id)
		}
		f.check(rec, w)
		if !slices.Equal(sorted(rec.Unknown), []string{"extra"}) {
			t.Errorf("record %s: Unknown = %v, want [extra]", rec.Where(), rec.Unknown)
		}
	}
}

func testRenames(t *testing.T, h Harness) {
	recs := Records()
	for _, r := range recs {
		r["full_name"] = r["name"]
		r["name"] = "decoy"
	}
	f := setup(t, h, map[string]string{"name": "full_name"}, recs)
	got, _ := f.fetch()
	f.check(got["1"], map[string]string{"name": `"Ann"`})
	if u := sorted(got["1"].Unknown); !slices.Equal(u, []string{"extra", "name"}) {
		t.Errorf("Unknown = %v, want [extra name]: a renamed field is not read under its contract name", u)
	}
	f.write(sources.WriteOp{Action: sources.ActionUpdate, Key: key("1"),
		Set: map[string]any{"name": "Ann B."}, Expect: map[string]any{"name": "Ann"}})
	got, _ = f.fetch()
	f.check(got["1"], map[string]string{"name": `"Ann B."`})
}

func testGet(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	rec, found, err := f.writer().Get(context.Background(), key("2"))
	if err != nil || !found {
		t.Fatalf("Get(2) = found %v, %v; want the record", found, err)
	}
	f.check(rec, want["2"])
	if _, found, err := f.writer().Get(context.Background(), key("99")); err != nil || found {
		t.Fatalf("Get(99) = found %v, %v; want not found, no error", found, err)
	}
}

func testUpdate(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	f.write(sources.WriteOp{Action: sources.ActionUpdate, Key: key("1"),
		Set:    map[string]any{"name": "Ann B.", "balance": "13.25"},
		Expect: map[string]any{"name": "Ann", "balance": "12.5"}})
	got, snap := f.fetch()
	if snap.Records != 3 {
		t.Fatalf("after an update Fetch read %d records, want 3", snap.Records)
	}
	w := maps.Clone(want["1"])
	w["name"], w["balance"] = `"Ann B."`, `"13.25"`
	f.check(got["1"], w)
	f.check(got["2"], want["2"])
	f.check(got["3"], want["3"])
	if !slices.Equal(sorted(got["1"].Unknown), []string{"extra"}) {
		t.Errorf("after an update Unknown = %v, want [extra]", got["1"].Unknown)
	}
}

func testUpdateEveryType(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	set := map[string]any{"updated_at": "2024-06-01T00:00:00Z", "tags": []any{"c", "d"},
		"active": false, "attrs": map[string]any{"k": json.Number("2"), "z": "y"}}
	expect := map[string]any{"updated_at": "2024-05-01T10:00:00Z", "tags": []any{"a", "b"},
		"active": true, "attrs": map[string]any{"k": json.Number("1")}}
	f.write(sources.WriteOp{Action: sources.ActionUpdate, Key: key("1"), Set: set, Expect: expect})
	// Fields that were null take values too.
	f.write(sources.WriteOp{Action: sources.ActionUpdate, Key: key("3"),
		Set:    map[string]any{"balance": "7.5", "tags": []any{"x"}, "active": true, "attrs": []any{json.Number("1")}},
		Expect: map[string]any{"balance": nil, "tags": nil, "active": nil, "attrs": nil}})
	got, _ := f.fetch()
	f.check(got["1"], map[string]string{"updated_at": `"2024-06-01T00:00:00Z"`, "tags": `["c","d"]`,
		"active": `false`, "attrs": `{"k":2,"z":"y"}`, "name": `"Ann"`})
	f.check(got["3"], map[string]string{"balance": `"7.5"`, "tags": `["x"]`, "active": `true`, "attrs": `[1]`})
}

func testUpdateToNull(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	f.write(sources.WriteOp{Action: sources.ActionUpdate, Key: key("1"),
		Set:    map[string]any{"balance": nil, "tags": nil, "attrs": nil},
		Expect: map[string]any{"balance": "12.5"}})
	got, _ := f.fetch()
	f.check(got["1"], map[string]string{"balance": `null`, "tags": `null`, "attrs": `null`, "name": `"Ann"`})
}

func testStaleExpect(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	f.write(sources.WriteOp{Action: sources.ActionUpdate, Key: key("1"),
		Set: map[string]any{"name": "Newer"}, Expect: map[string]any{"name": "Ann"}})
	f.conflict(sources.WriteOp{Action: sources.ActionUpdate, Key: key("1"),
		Set: map[string]any{"name": "Older"}, Expect: map[string]any{"name": "Ann"}})
	got, _ := f.fetch()
	f.check(got["1"], map[string]string{"name": `"Newer"`})
}

func testIdempotent(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	op := sources.WriteOp{Action: sources.ActionUpdate, Key: key("2"),
		Set: map[string]any{"name": "Bob", "balance": "0"}, Expect: map[string]any{"name": "Bob", "balance": "0"}}
	f.write(op)
	f.write(op)
	got, snap := f.fetch()
	if snap.Records != 3 {
		t.Fatalf("Fetch read %d records, want 3", snap.Records)
	}
	for id, w := range want {
		f.check(got[id], w)
	}
}

func testUpdateMissing(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	f.conflict(sources.WriteOp{Action: sources.ActionUpdate, Key: key("99"),
		Set: map[string]any{"name": "Nobody"}, Expect: map[string]any{"name": nil}})
}

func testInsert(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	f.write(sources.WriteOp{Action: sources.ActionInsert, Key: key("4"), Record: map[string]any{
		"id": json.Number("4"), "name": "Dee", "balance": "1.5", "updated_at": "2024-07-01T12:00:00Z",
		"tags": []any{"y", "x"}, "active": true, "attrs": map[string]any{"a": "b"}}})
	got, snap := f.fetch()
	if snap.Records != 4 {
		t.Fatalf("after an insert Fetch read %d records, want 4", snap.Records)
	}
	f.check(got["4"], map[string]string{"id": `4`, "name": `"Dee"`, "balance": `"1.5"`,
		"updated_at": `"2024-07-01T12:00:00Z"`, "tags": `["x","y"]`, "active": `true`, "attrs": `{"a":"b"}`})
	f.check(got["1"], want["1"])
}

func testInsertExisting(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	f.conflict(sources.WriteOp{Action: sources.ActionInsert, Key: key("1"),
		Record: map[string]any{"id": json.Number("1"), "name": "Impostor"}})
	got, snap := f.fetch()
	if snap.Records != 3 {
		t.Fatalf("after a refused insert Fetch read %d records, want 3", snap.Records)
	}
	f.check(got["1"], want["1"])
}

func testDelete(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	f.write(sources.WriteOp{Action: sources.ActionDelete, Key: key("2"), Expect: map[string]any{"name": "Bob"}})
	got, snap := f.fetch()
	if _, still := got["2"]; still || snap.Records != 2 {
		t.Fatalf("after deleting id 2 Fetch read %d records (id 2 there: %v), want 2 without it", snap.Records, still)
	}
	f.check(got["1"], want["1"])
	f.check(got["3"], want["3"])
}

func testDeleteStale(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	f.conflict(sources.WriteOp{Action: sources.ActionDelete, Key: key("2"), Expect: map[string]any{"name": "Robert"}})
	got, _ := f.fetch()
	f.check(got["2"], want["2"])
}

func testNotWritable(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	cfg := f.cfg
	cfg.Writable = false
	w, ok := open(t, cfg).(sources.Writer)
	if !ok {
		t.Fatalf("source does not implement sources.Writer")
	}
	err := w.Write(context.Background(), sources.WriteOp{Action: sources.ActionUpdate, Key: key("1"),
		Set: map[string]any{"name": "X"}, Expect: map[string]any{"name": "Ann"}})
	if err == nil || isConflict(err) {
		t.Fatalf("Write on a source without writable: true = %v, want a refusal", err)
	}
	got, _ := f.fetch()
	f.check(got["1"], want["1"])
}

// testRestoreStored: an update given the record as GetWhole read it
// (WriteOp.Whole) writes each field back exactly as it was stored, not in
// canonical form: a rollback of an update restores "12.50", not "12.5",
// and a timestamp's own notation.
func testRestoreStored(t *testing.T, h Harness) {
	f := setup(t, h, nil, Records())
	wr, ok := f.writer().(sources.WholeRecorder)
	if !ok {
		t.Skip("the source does not read records whole")
	}
	for _, id := range []string{"1", "2"} {
		stored, found, err := wr.GetWhole(context.Background(), key(id))
		if err != nil || !found {
			t.Fatalf("GetWhole(%s) = found %v, %v", id, found, err)
		}
		set := map[string]any{"name": "Zed", "balance": "99", "updated_at": "2030-01-01T00:00:00Z",
			"tags": []any{"z"}, "active": nil, "attrs": map[string]any{"q": json.Number("9")}}
		f.write(sources.WriteOp{Action: sources.ActionUpdate, Key: key(id), Set: set})
		back := map[string]any{}
		for name := range set {
			back[name] = nil // Set names the fields to restore; Whole holds their values
		}
		f.write(sources.WriteOp{Action: sources.ActionUpdate, Key: key(id), Set: back, Expect: set, Whole: stored})
		again, _, err := wr.GetWhole(context.Background(), key(id))
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(stored) {
			t.Errorf("record %s restored from its stored values reads\n%s\nwant\n%s", id, again, stored)
		}
	}
}
