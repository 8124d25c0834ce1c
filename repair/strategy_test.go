package repair_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/drift-sh/drift/repair"
)

func TestStrategiesAreRegistered(t *testing.T) {
	want := []string{"authority", "expr", "lww", "majority", "manual", "max", "min", "union"}
	for _, name := range want {
		if !slices.Contains(repair.Strategies(), name) {
			t.Errorf("strategy %q is not registered; have %v", name, repair.Strategies())
		}
	}
}

func TestRegisterTwicePanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || fmt.Sprint(r) != `repair: strategy "lww" registered twice` {
			t.Errorf("recover() = %v, want the duplicate named", r)
		}
	}()
	repair.Register("lww", repair.StrategyFunc(func(repair.FieldInput) (repair.Resolved, error) { return repair.Resolved{}, nil }))
}

// A strategy is one registration: the planner resolves with it by name.
// "last" takes the value of the last source (in config order) that holds
// the key.
func TestPlannerUsesARegisteredStrategy(t *testing.T) {
	repair.Register("last", repair.StrategyFunc(func(in repair.FieldInput) (repair.Resolved, error) {
		h := in.Holders[len(in.Holders)-1]
		return repair.Resolved{Value: in.Value(h), From: in.Name(h)}, nil
	}))
	dir := t.TempDir()
	files := map[string]string{
		"drift.yaml": "version: 1\ncontract:\n  name: s\n  version: 1\n  key: [id]\n  fields:\n    id: {type: int}\n    n: {type: int}\n" +
			"  resolve:\n    fields: {n: {strategy: last}}\nsources:\n  a: {type: file, path: a.csv, writable: true}\n  b: {type: file, path: b.csv, writable: true}\n",
		"a.csv": "id,n\n1,1\n",
		"b.csv": "id,n\n1,2\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	plan := planDir(t, dir)
	if len(plan.Ops) != 1 || plan.Ops[0].Source != "a" || string(plan.Ops[0].Set[0].Value) != "2" || plan.Ops[0].Reason.Strategy != "last" || plan.Ops[0].Reason.From != "b" {
		t.Errorf("plan ops %+v, manual %+v; want a's n set to 2 from b by last", plan.Ops, plan.Manual)
	}
}
