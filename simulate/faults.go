package simulate

import (
	"fmt"
	"time"

	"github.com/drift-sh/drift/repair"
)

// Fault is one fault scenario of `drift simulate --faults`: the recorded
// scan replayed under the candidate with one source unreadable, or with
// one source's clock (resolve.clock.field) ahead or behind by
// resolve.clock.skew or ten times it, and the ops that would change from
// the plan without the fault. Under a shifted clock the clock field's own
// values are left out of the ops compared (see without).
type Fault struct {
	Scenario string `json:"scenario"`
	Source   string `json:"source"`
	// Shift is the clock shift, as a duration ("2s", "-20s"); empty for an
	// unreadable source.
	Shift string   `json:"shift,omitempty"`
	Ops   OpCounts `json:"ops"`
	Items []Item   `json:"items"`
}

// faults replays every scenario against base, the candidate's plan
// without faults. A contract without a clock field or skew gets only the
// unreadable scenarios.
func faults(in Input, base *outcome) ([]Fault, error) {
	c := in.Candidate
	var scs []scenario
	for _, s := range in.Recording.Sources {
		scs = append(scs, scenario{unreadable: s.Name})
	}
	if skew := c.Resolve.Clock.Skew; c.Resolve.Clock.Field != "" && skew > 0 {
		for _, s := range in.Recording.Sources {
			for _, d := range []time.Duration{skew, -skew, 10 * skew, -10 * skew} {
				scs = append(scs, scenario{shifted: s.Name, shift: d})
			}
		}
	}
	out := make([]Fault, 0, len(scs))
	for _, sc := range scs {
		got, err := replay(c, in.Recording, in.Records, sc)
		if err != nil {
			return nil, fmt.Errorf("fault scenario %s: %w", describe(sc, c.Resolve.Clock.Field), err)
		}
		clock := c.Resolve.Clock.Field
		f := Fault{Scenario: describe(sc, clock), Source: sc.unreadable + sc.shifted,
			Items: compareOps(base.plan.Ops, got.plan.Ops)}
		if sc.shift != 0 {
			f.Items = compareOps(without(base.plan.Ops, clock), without(got.plan.Ops, clock))
		}
		if sc.shift != 0 {
			f.Shift = sc.shift.String()
		}
		sortItems(f.Items)
		if f.Items == nil {
			f.Items = []Item{}
		}
		for _, it := range f.Items {
			switch it.Change {
			case Added:
				f.Ops.Added++
			case Removed:
				f.Ops.Removed++
			case Changed:
				f.Ops.Changed++
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// without leaves the clock field out of ops: a shifted clock rewrites every
// value of it, which says nothing of the decisions the clock drives. An
// update left with nothing to set is dropped.
func without(ops []repair.Op, clock string) []repair.Op {
	drop := func(fs repair.Fields) repair.Fields {
		var out repair.Fields
		for _, f := range fs {
			if f.Field != clock {
				out = append(out, f)
			}
		}
		return out
	}
	var out []repair.Op
	for _, op := range ops {
		op.Set, op.Expect, op.Record = drop(op.Set), drop(op.Expect), drop(op.Record)
		if op.Action == repair.ActionUpdate && len(op.Set) == 0 {
			continue
		}
		out = append(out, op)
	}
	return out
}

func describe(sc scenario, clock string) string {
	if sc.unreadable != "" {
		return fmt.Sprintf("source %s unreadable", sc.unreadable)
	}
	dir := "ahead"
	d := sc.shift
	if d < 0 {
		dir, d = "behind", -d
	}
	return fmt.Sprintf("source %s clock (%s) %s %s", sc.shifted, clock, d, dir)
}
