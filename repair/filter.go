package repair

import (
	"slices"

	"github.com/drift-sh/drift/diff"
)

// BuildFiltered is Build narrowed by f, as drift plan --key, --source and
// --field ask: the planner's proposal for the changed fields and missing
// keys whose drift matches f's key and field, with the planner's merging,
// order and checks (it is an Amend that accepts those drifts and skips the
// others), then only the ops that write f.Source when it is set. A kept
// drift whose fix the narrowing leaves out (an update of one field alone
// that would break a rule the whole update keeps) goes to manual.
// The plan records f, so its plan_id covers it. drifts are the scan's.
func BuildFiltered(in Input, drifts []diff.Drift, f diff.Filter) (*Plan, error) {
	if f.IsZero() {
		return Build(in)
	}
	a := NewAmender(in)
	byDrift := f
	byDrift.Source = "" // a write to f.Source may fix a drift of another source
	var decisions []Decision
	for _, d := range drifts {
		if _, ok := a.drifts[d.ID]; !ok {
			continue
		}
		choice := ChoiceSkip
		if byDrift.Match(d) {
			choice = ChoiceAccept
		}
		decisions = append(decisions, Decision{Drift: d.ID, Choice: choice})
	}
	plan, _, err := a.Amend(decisions)
	if err != nil {
		return nil, err
	}
	covered := coveredDrifts(plan)
	manual := plan.Manual
	for _, d := range drifts {
		if _, ok := a.drifts[d.ID]; ok && byDrift.Match(d) && !covered[d.ID] && !covered[keyWrite(d.Key)] {
			manual = append(manual, a.leftOut(d.ID))
		}
	}
	return narrowPlan(in, plan.Ops, manual, f)
}

// keyWrite names "an insert or delete of this key": it fixes every
// missing drift of the key.
func keyWrite(k diff.Key) string {
	b, _ := k.MarshalJSON()
	return "write " + string(b)
}

// narrowedWhy is why a narrowed plan leaves a drift it kept to a person.
const narrowedWhy = "not fixed alone: its fix, without the fixes of the drifts the filter leaves out, would break a contract rule; plan without the filter to fix it"

// coveredDrifts are the drifts a plan's ops fix or its manual items hold,
// and the keys it inserts or deletes (see keyWrite).
func coveredDrifts(plan *Plan) map[string]bool {
	out := map[string]bool{}
	for _, op := range plan.Ops {
		if op.Action != ActionUpdate {
			out[keyWrite(op.Key)] = true
		}
		out[op.Reason.Drift] = true
		for _, fr := range op.Reason.Fields {
			out[fr.Drift] = true
		}
	}
	for _, m := range plan.Manual {
		out[m.Drift] = true
	}
	return out
}

// leftOut is the manual item of a drift whose narrowed fix was left out.
func (a *Amender) leftOut(drift string) Manual {
	ref := a.drifts[drift]
	p := newPlanner(a.in)
	k := p.loadKey(ref.key)
	m := Manual{Drift: drift, Why: narrowedWhy, Key: k.key, Candidates: diff.Values{}}
	if ref.field != nil {
		m.Field = ref.field.Name
		m.Candidates = p.candidates(k, ref.field)
	} else if c := p.recordCandidates(k); c != nil {
		m.Candidates = c
	}
	return m
}

// narrowPlan seals the ops (and manual items) that f.Source allows, with
// f recorded in the plan.
func narrowPlan(in Input, ops []Op, manual []Manual, f diff.Filter) (*Plan, error) {
	if f.Source != "" {
		ops = slices.DeleteFunc(ops, func(op Op) bool { return op.Source != f.Source })
		manual = slices.DeleteFunc(manual, func(m Manual) bool { return !m.Candidates.Has(f.Source) })
	}
	plan, err := sealPlan(in, ops, manual)
	if err != nil {
		return nil, err
	}
	plan.Filter = &f
	return plan, plan.Seal()
}
