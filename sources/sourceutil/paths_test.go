package sourceutil

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

func TestPaths(t *testing.T) {
	obj := map[string]any{"a": map[string]any{"b": 1}, "s": "x"}
	if got := Lookup(obj, []string{"a", "b"}); got != 1 {
		t.Errorf("Lookup a.b = %v", got)
	}
	if got := Lookup(obj, []string{"s", "b"}); got != nil {
		t.Errorf("Lookup through a string = %v, want nil", got)
	}
	SetPath(obj, []string{"n", "m"}, 2)
	SetPath(obj, []string{"s", "t"}, 3)
	DeletePath(obj, []string{"a", "b"})
	DeletePath(obj, []string{"missing", "b"})
	want := map[string]any{"a": map[string]any{}, "n": map[string]any{"m": 2}, "s": map[string]any{"t": 3}}
	if !reflect.DeepEqual(obj, want) {
		t.Fatalf("got %v, want %v", obj, want)
	}
}

func TestObjectRecord(t *testing.T) {
	obj := map[string]any{"id": 1, "z": 0, "c": map[string]any{"e": "x"}, "b": 2}
	paths := [][]string{{"id"}, {"c", "e"}, {"gone"}}
	known := map[string]bool{"id": true, "c": true, "gone": true}
	rec := ObjectRecord(obj, paths, known, "line 3")
	want := contract.Record{Values: []any{1, "x", nil}, Unknown: []string{"b", "z"}, Loc: "line 3"}
	if !reflect.DeepEqual(rec, want) {
		t.Fatalf("got %+v, want %+v", rec, want)
	}
}

func TestKeys(t *testing.T) {
	c := testContract()
	want, err := KeyJSON(c, []any{"7", "eu"})
	if err != nil || !reflect.DeepEqual(want, []string{"7", `"eu"`}) {
		t.Fatalf("KeyJSON = %q, %v", want, err)
	}
	if _, err := KeyJSON(c, []any{"7"}); err == nil || err.Error() != `a key of 1 values was given; contract "accounts" has 2 key fields` {
		t.Errorf("short key: %v", err)
	}
	if _, err := KeyJSON(c, []any{"x", "eu"}); err == nil || err.Error() != `key field "id": x is not a valid int` {
		t.Errorf("bad key: %v", err)
	}
	rec := contract.Record{Values: []any{json.Number("7"), "eu", nil, nil, nil}}
	if !HasKey(c, rec, want) {
		t.Error("HasKey: the record has the key")
	}
	rec.Values[1] = "us"
	if HasKey(c, rec, want) {
		t.Error("HasKey: the record has another key")
	}
}

func TestInsertValues(t *testing.T) {
	op := sources.WriteOp{Key: []any{"7", "eu"}, Record: map[string]any{"id": "8", "score": "1"}}
	got := InsertValues(testContract(), op)
	want := map[string]any{"id": "8", "region": "eu", "score": "1"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
