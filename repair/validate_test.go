package repair_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/sources"
)

// TestValidate checks that ops a config cannot apply are refused before
// anything is written, however the plan file came to hold them.
func TestValidate(t *testing.T) {
	plan := planDir(t, "testdata/multi-field")
	cfg, _, _ := scanDir(t, "testdata/multi-field")
	c := cfg.Contract
	writable := map[string]bool{"replica": true}
	if err := repair.Validate(plan, c, writable); err != nil {
		t.Fatalf("the planner's own plan is refused: %v", err)
	}
	if len(plan.Ops) == 0 {
		t.Fatal("fixture has no ops")
	}
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	for _, tc := range []struct {
		name string
		edit func(op *repair.Op)
		want string
	}{
		{"source not writable", func(op *repair.Op) { op.Source = "primary" }, `source "primary" is not a writable source`},
		{"unknown source", func(op *repair.Op) { op.Source = "nowhere" }, `source "nowhere"`},
		{"unknown action", func(op *repair.Op) { op.Action = sources.Action("upsert") }, `unknown action "upsert"`},
		{"partial key", func(op *repair.Op) { op.Key = op.Key[:0] }, "the key has 0 fields"},
		{"wrong key field", func(op *repair.Op) { op.Key = diff.Key{{Field: "email", Value: raw(`"x"`)}} }, `key field 1 is "email"`},
		{"undeclared field", func(op *repair.Op) {
			op.Set = append(op.Set, repair.FieldValue{Field: "nope", Value: raw(`1`)})
		}, `field "nope" is not a compared field`},
		{"value of the wrong type", func(op *repair.Op) {
			op.Set = repair.Fields{{Field: "score", Value: raw(`{"x":1}`)}}
		}, `set: field "score"`},
		{"a key field in set", func(op *repair.Op) {
			op.Set = repair.Fields{{Field: "id", Value: raw(`"b"`)}}
		}, `key field "id" cannot change`},
		{"empty update", func(op *repair.Op) { op.Set = nil }, "an update needs set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := *plan
			p.Ops = append([]repair.Op(nil), plan.Ops...)
			tc.edit(&p.Ops[0])
			err := repair.Validate(&p, c, writable)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// Two ops on one record are refused: each is compare-and-set against the
// state the plan saw, so the second could never be judged on its own.
func TestValidateOneOpPerRecord(t *testing.T) {
	plan := planDir(t, "testdata/multi-field")
	cfg, _, _ := scanDir(t, "testdata/multi-field")
	p := *plan
	second := plan.Ops[0]
	second.ID += "-second"
	second.Action = sources.ActionDelete
	second.Set, second.Expect = nil, plan.Ops[0].Set
	p.Ops = append(append([]repair.Op(nil), plan.Ops...), second)
	err := repair.Validate(&p, cfg.Contract, map[string]bool{"replica": true})
	if err == nil || !strings.Contains(err.Error(), "a second op on replica") {
		t.Fatalf("Validate = %v, want a refusal of the second op on the record", err)
	}
}

// A large plan is checked on every core: its problems are still found and
// numbered in plan order, a second op on a record included.
func TestValidateLargePlan(t *testing.T) {
	plan := planDir(t, "testdata/multi-field")
	cfg, _, _ := scanDir(t, "testdata/multi-field")
	writable := map[string]bool{"replica": true}
	op := plan.Ops[0]
	p := *plan
	p.Ops = nil
	for i := range 3000 {
		o := op
		o.ID = "op-" + strconv.Itoa(i)
		o.Key = diff.Key{{Field: op.Key[0].Field, Value: json.RawMessage(`"k` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `-` + strconv.Itoa(i) + `"`)}}
		p.Ops = append(p.Ops, o)
	}
	p.Ops[2500].Source = "primary"
	p.Ops[2999].Key = p.Ops[1].Key
	err := repair.Validate(&p, cfg.Contract, writable)
	if err == nil {
		t.Fatal("a large plan with a bad op and a second op on a record passed")
	}
	msg := err.Error()
	bad, dup := strings.Index(msg, "op 2501 "), strings.Index(msg, "op 3000 ")
	if bad < 0 || dup < 0 || bad > dup || !strings.Contains(msg, "(op 2 is the first)") || strings.Count(msg, "\n") != 1 {
		t.Errorf("errors of a large plan:\n%s", msg)
	}
}
