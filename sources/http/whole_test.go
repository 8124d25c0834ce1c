package httpsource

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/drift-sh/drift/sources"
)

// TestWholeRestoresTheItem: an item deleted through Write and inserted
// again with the body GetWhole read holds every member it had, those the
// contract does not declare and its ignored field included.
func TestWholeRestoresTheItem(t *testing.T) {
	a, srv := newAPI(t, []map[string]any{{"id": 1, "name": "Ann", "balance": json.Number("12.50"), "active": true,
		"extra": "x1", "meta": map[string]any{"v": json.Number("1.0"), "list": []any{nil, "a"}}}})
	s := writer(t, srv.URL, "PUT")
	s.cfg.Contract.FieldByName("active").Ignore = true
	ctx := context.Background()
	one := []any{json.Number("1")}
	kept := roundTrip(t, a.items["1"])
	whole, found, err := s.GetWhole(ctx, one)
	const want = `{"active":true,"balance":12.50,"extra":"x1","id":1,"meta":{"list":[null,"a"],"v":1.0},"name":"Ann"}`
	if err != nil || !found || string(whole) != want {
		t.Fatalf("GetWhole = %s, %v, %v; want %s", whole, found, err, want)
	}
	if err := s.Write(ctx, sources.WriteOp{Action: sources.ActionDelete, Key: one, Expect: map[string]any{"name": "Ann"}}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, found, err := s.GetWhole(ctx, one); found || err != nil {
		t.Fatalf("GetWhole after the delete: found=%v err=%v", found, err)
	}
	ins := sources.WriteOp{Action: sources.ActionInsert, Key: one, Record: map[string]any{"id": json.Number("1"), "name": "Ann"}, Whole: whole}
	if err := s.Write(ctx, ins); err != nil {
		t.Fatalf("insert whole: %v", err)
	}
	last := a.bodies[len(a.bodies)-1]
	if last.method != "PUT" || last.body != want {
		t.Errorf("insert sent %s %s, want PUT %s", last.method, last.body, want)
	}
	if !reflect.DeepEqual(a.items["1"], kept) {
		t.Errorf("restored item %v, want %v", a.items["1"], kept)
	}
	if err := s.Write(ctx, ins); !errors.Is(err, sources.ErrConflict) {
		t.Errorf("insert whole over the item: %v, want a conflict", err)
	}
	ins.Key = []any{json.Number("2")}
	if err := s.Write(ctx, ins); err == nil || !strings.Contains(err.Error(), "another record") {
		t.Errorf("insert of item 1's body as item 2: %v, want a refusal", err)
	}
	if _, ok := a.items["2"]; ok {
		t.Errorf("item 2 was written from item 1's body")
	}
}
