package repair_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"testing"

	"github.com/drift-sh/drift/repair"
)

// TestApplyValidatesFirst: repair.Apply, the entry point of every writer
// (drift apply, the repair session), refuses a plan of another contract or
// with ops the targets cannot apply before anything is journaled or
// written, and runs a good plan; so does repair.Check, whose checked plan
// drift apply applies once it is confirmed.
func TestApplyValidatesFirst(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(p *repair.Plan)
		refused bool
	}{
		{"good plan", func(*repair.Plan) {}, false},
		{"other contract", func(p *repair.Plan) { p.Contract.Digest = "sha256:other" }, true},
		{"read-only source", func(p *repair.Plan) { p.Ops[0].Source = "primary" }, true},
		{"undeclared field", func(p *repair.Plan) { p.Ops[0].Set = repair.Fields{{Field: "nope", Value: []byte(`"x"`)}} }, true},
	}
	apply := func(ctx context.Context, plan *repair.Plan, f *fixture, st repair.Journal, checkFirst bool) (*repair.RunResult, error) {
		if !checkFirst {
			return repair.Apply(ctx, plan, f.cfg.Contract, repair.Targets(f.srcs), st, execOpts())
		}
		checked, err := repair.Check(plan, f.cfg.Contract, repair.Targets(f.srcs))
		if err != nil {
			return nil, err
		}
		return checked.Apply(ctx, st, execOpts())
	}
	for _, tt := range tests {
		for _, checkFirst := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/check first %v", tt.name, checkFirst), func(t *testing.T) {
				dir := copyCase(t, "authority")
				st := openStore(t, dir)
				f := load(t, dir, st)
				plan := f.plan(t)
				tt.edit(plan)
				before := readAllNDJSON(t, dir)
				res, err := apply(context.Background(), plan, f, st, checkFirst)
				if !tt.refused {
					if err != nil || res.Counts.Applied == 0 {
						t.Fatalf("Apply = %+v, %v; want the plan applied", res, err)
					}
					return
				}
				if !errors.Is(err, repair.ErrRefused) {
					t.Fatalf("Apply = %+v, %v; want ErrRefused", res, err)
				}
				if runs, _ := st.Runs(context.Background(), 0); len(runs) != 0 {
					t.Errorf("a refused plan left %d runs in the journal", len(runs))
				}
				if got := readAllNDJSON(t, dir); !maps.Equal(got, before) {
					t.Errorf("a refused plan changed the files:\n%v\nwant\n%v", got, before)
				}
			})
		}
	}
}
