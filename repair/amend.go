package repair

import (
	"fmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
)

// Amender turns a person's decisions on the drifts of one scan into a plan,
// as a repair session takes them. It is the planner run with decisions in
// place of resolve rules where a person gave one: the same merging (one
// update per source and key, fields in contract order), the same order
// (key, then source, then action), the same reasons, and every contract
// check the planner makes (types, enums, required, invariants a write
// would newly break, transition rules from a source's current record to
// the new one, keys held twice). Where the planner sends a write that
// breaks a check to manual, the Amender refuses the decision that asked
// for it, with the rule's message.
type Amender struct {
	in     Input
	drifts map[string]driftRef
	filter diff.Filter // see Narrow
}

// Narrow has the amender's plans keep only the writes to f.Source, when it
// is set, and record f under their plan id, as drift plan --source does: a
// repair session started with filters writes nothing they leave out.
func (a *Amender) Narrow(f diff.Filter) { a.filter = f }

// driftRef is what a decidable drift is about.
type driftRef struct {
	key    string          // the Records' key string
	field  *contract.Field // the changed field; nil for a missing key
	source int             // the source that lacks the key; -1 for a changed field
}

// NewAmender indexes the changed and missing drifts of the scan in in, the
// drifts a decision can be about. in is the input the session's proposal
// was built from (Build(in)).
func NewAmender(in Input) *Amender {
	a := &Amender{in: in, drifts: map[string]driftRef{}}
	p := newPlanner(in)
	compared := p.compared()
	for _, str := range in.Records.Keys() {
		k := p.loadKey(str)
		if len(k.holders) > 1 {
			for _, f := range compared {
				if !f.Equal(k.column(f)) {
					a.drifts[diff.DriftID(diff.Changed, k.key, "", f.Name, "")] = driftRef{key: str, field: f, source: -1}
				}
			}
		}
		if len(k.holders) > 0 {
			for _, i := range k.lacking {
				a.drifts[missingDrift(k, in.Sources[i].Name)] = driftRef{key: str, source: i}
			}
		}
	}
	return a
}

// Amend is Amender.Amend for one set of decisions.
func Amend(in Input, decisions []Decision) (*Plan, []error, error) {
	return NewAmender(in).Amend(decisions)
}

// Amend returns the plan the decisions make, and per decision (same index)
// nil or why it was refused; a refused decision adds nothing to the plan.
// An accepted drift gets the planner's ops and keeps its manual items;
// taking a source's value or record, or an edit, writes that instead;
// a skipped drift is left out; a drift sent to manual becomes a manual
// item. A drift without a decision gets no ops and keeps the planner's
// manual items, so accepting every proposal gives Build's plan. The error
// is for a plan that cannot be sealed.
func (a *Amender) Amend(decisions []Decision) (*Plan, []error, error) {
	errs := make([]error, len(decisions))
	byKey := map[string][]int{}
	seen := map[string]bool{}
	for i, d := range decisions {
		ref, ok := a.drifts[d.Drift]
		switch {
		case d.Choice == Undecided:
		case !ok:
			errs[i] = unknownDrift(d.Drift)
		case seen[d.Drift]:
			errs[i] = fmt.Errorf("a second decision on drift %s; a drift takes one decision", d.Drift)
		default:
			seen[d.Drift] = true
			byKey[ref.key] = append(byKey[ref.key], i)
		}
	}
	var ops []Op
	var manual []Manual
	for _, str := range a.in.Records.Keys() {
		idx := byKey[str]
		decs := make([]Decision, len(idx))
		for n, i := range idx {
			decs[n] = decisions[i]
		}
		kops, kmanual, kerrs := a.amendKey(str, decs)
		ops, manual = append(ops, kops...), append(manual, kmanual...)
		for n, i := range idx {
			errs[i] = kerrs[n]
		}
	}
	if !a.filter.IsZero() {
		plan, err := narrowPlan(a.in, ops, manual, a.filter)
		return plan, errs, err
	}
	plan, err := sealPlan(a.in, ops, manual)
	return plan, errs, err
}

// Check says why decision d would be refused, taken after the decisions
// already recorded (decided; a decision on d's drift among them is
// replaced by d), or nil. A session calls it before recording a decision,
// so a refusal is immediate; it plans only d's key.
func (a *Amender) Check(decided []Decision, d Decision) error {
	ref, ok := a.drifts[d.Drift]
	if !ok {
		return unknownDrift(d.Drift)
	}
	if d.Choice == Undecided {
		return nil
	}
	var decs []Decision
	for _, x := range decided {
		if r, ok := a.drifts[x.Drift]; ok && r.key == ref.key && x.Drift != d.Drift && x.Choice != Undecided {
			decs = append(decs, x)
		}
	}
	decs = append(decs, d)
	_, _, errs := a.amendKey(ref.key, decs)
	return errs[len(errs)-1]
}

func unknownDrift(id string) error {
	return fmt.Errorf("drift %s is not a changed field or a missing key of this scan; only those can be decided", id)
}

// amendKey plans one key under its decisions. A decision refused on the
// way is dropped and the key planned again without it, so the ops never
// hold half of a refused decision.
func (a *Amender) amendKey(str string, decs []Decision) ([]Op, []Manual, []error) {
	errs := make([]error, len(decs))
	for {
		ka := a.newKeyAmend(str, decs, errs)
		if len(decs) == 0 || ka.k == nil {
			return nil, ka.prop.manual, errs
		}
		ops, refused := ka.plan()
		if !refused {
			return ops, ka.manual(), errs
		}
	}
}
