package repair_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/rules"
)

// TestExprStrategy plans testdata/manual-and-expr, whose score field (an
// int: primary 1, replica 2) resolves by expr, with several evaluators.
func TestExprStrategy(t *testing.T) {
	const dir = "testdata/manual-and-expr"
	fixed := func(v any, err error) repair.ExprFunc {
		return func(string, map[string]contract.Value, map[string][]contract.Value) (any, error) { return v, err }
	}
	tests := []struct {
		name   string
		expr   func(c *contract.Contract) repair.ExprFunc
		wantOp string // the replica's set, as JSON; "" for no op
		why    string // the score's manual reason; "" for none
	}{
		{"no evaluator", func(*contract.Contract) repair.ExprFunc { return nil }, "", "expr: no CEL evaluator"},
		{"valid result", func(*contract.Contract) repair.ExprFunc { return fixed(json.Number("7"), nil) }, `{"score":7}`,
			"it keeps 1 while expr resolves to 7"},
		{"result breaks the contract", func(*contract.Contract) repair.ExprFunc { return fixed("seven", nil) }, "", `resolved value "seven" of field "score" breaks the contract`},
		{"evaluation fails", func(*contract.Contract) repair.ExprFunc { return fixed(nil, errors.New("no such key: cache")) }, "", "expr: no such key: cache"},
		{"CEL from the contract", func(c *contract.Contract) repair.ExprFunc {
			r, err := rules.New(c)
			if err != nil {
				t.Fatal(err)
			}
			return r.Resolve
		}, `{"score":1}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, srcs, res := scanDir(t, dir)
			in := repair.InputFromScan(cfg, srcs, res, nil)
			in.Expr = tt.expr(cfg.Contract)
			p, err := repair.Build(in)
			if err != nil {
				t.Fatal(err)
			}
			var set string
			for _, op := range p.Ops {
				b, _ := json.Marshal(op.Set)
				set = string(b)
			}
			if set != tt.wantOp && !(tt.wantOp == "" && set == "") {
				t.Errorf("op set = %s, want %s", set, tt.wantOp)
			}
			why := ""
			for _, m := range p.Manual {
				if !strings.HasPrefix(m.Why, "manual:") {
					why = m.Why
				}
			}
			if tt.why == "" && why != "" || !strings.Contains(why, tt.why) {
				t.Errorf("manual reason = %q, want it to contain %q", why, tt.why)
			}
		})
	}
}
