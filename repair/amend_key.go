package repair

import (
	"fmt"
	"slices"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/sources"
)

// keyAmend plans one key under a session's decisions.
type keyAmend struct {
	prop     *planner // the planner's proposal for the key
	sess     *planner // builds the decisions' ops with the planner's steps
	k        *keyState
	resolved []resolution // the planner's values for the changed fields
	decs     []Decision
	errs     []error           // per decision; shared across passes
	active   map[string]int    // drift -> its decision, unless refused
	covered  map[string]bool   // drifts the planner's ops fix
	why      map[string]string // drift -> the planner's first manual reason
	ops      []Op
	opDecs   [][]int // per op, the decisions that asked for it
	refused  bool    // this pass refused a decision
}

func (a *Amender) newKeyAmend(str string, decs []Decision, errs []error) *keyAmend {
	ka := &keyAmend{prop: newPlanner(a.in), sess: newPlanner(a.in), decs: decs, errs: errs,
		active: map[string]int{}, covered: map[string]bool{}, why: map[string]string{}}
	k := ka.prop.loadKey(str)
	if len(k.holders) == 0 {
		return ka
	}
	ka.k, ka.resolved = k, ka.prop.proposeKey(k)
	for i, d := range decs {
		if errs[i] == nil && d.Choice != Undecided {
			ka.active[d.Drift] = i
		}
	}
	for _, op := range ka.prop.ops {
		for _, fr := range fieldReasons(op) {
			ka.covered[fr.Drift] = true
		}
		ka.covered[op.Reason.Drift] = true
		if op.Action == sources.ActionDelete {
			for _, t := range k.lacking {
				ka.covered[ka.missingDrift(t)] = true
			}
		}
	}
	for _, m := range ka.prop.manual {
		if _, ok := ka.why[m.Drift]; !ok {
			ka.why[m.Drift] = m.Why
		}
	}
	return ka
}

// plan builds the key's ops; it reports whether it refused a decision, in
// which case the ops are incomplete and the key is planned again.
func (ka *keyAmend) plan() ([]Op, bool) {
	writes := ka.changed()
	deletes := ka.missing(writes)
	ka.updates(writes)
	if len(deletes) > 0 {
		ka.sess.planDeletes(ka.k, ka.sess.sourceIndex(ka.sess.c.Resolve.Authority))
		for _, op := range ka.sess.ops {
			ka.add(op, deletes)
		}
	}
	ka.holdDuplicated()
	ka.onePerRecord()
	return ka.ops, ka.refused
}

// refuse records why decision i is refused, unless it already was.
func (ka *keyAmend) refuse(i int, err error) {
	if ka.errs[i] == nil {
		ka.errs[i], ka.refused = err, true
	}
}

func (ka *keyAmend) add(op Op, decs []int) {
	op.ID = OpID(op)
	ka.ops = append(ka.ops, op)
	ka.opDecs = append(ka.opDecs, decs)
}

func (ka *keyAmend) missingDrift(t int) string { return missingDrift(ka.k, ka.sess.in.Sources[t].Name) }

// noProposal refuses an accept of a drift the planner writes nothing for.
func (ka *keyAmend) noProposal(drift string) error {
	why := "the planner proposes no write"
	if w := ka.why[drift]; w != "" {
		why = "the planner left it to a person: " + w
	}
	return fmt.Errorf("%s; take a source's value, edit it, skip it or send it to manual", why)
}

// changed turns the decisions on changed fields into the values to write,
// in contract order.
func (ka *keyAmend) changed() []resolution {
	var out []resolution
	for _, f := range ka.prop.compared() {
		drift := diff.DriftID(diff.Changed, ka.k.key, "", f.Name, "")
		i, ok := ka.active[drift]
		if !ok {
			continue
		}
		r, err := ka.decideField(f, drift, ka.decs[i])
		switch {
		case err != nil:
			ka.refuse(i, err)
		case r.field != nil:
			out = append(out, r)
		}
	}
	return out
}

// decideField is the value a decision writes to a changed field; none for
// skip and manual.
func (ka *keyAmend) decideField(f *contract.Field, drift string, d Decision) (resolution, error) {
	r := resolution{field: f, drift: drift}
	switch d.Choice {
	case ChoiceAccept:
		i := slices.IndexFunc(ka.resolved, func(r resolution) bool { return r.field == f })
		if !ka.covered[drift] || i < 0 {
			return resolution{}, ka.noProposal(drift)
		}
		return ka.resolved[i], nil
	case ChoiceSource:
		j, err := ka.holder(d.Source)
		if err != nil {
			return resolution{}, err
		}
		r.value, r.strategy, r.from = ka.k.recs[j][f.Index], "repair:source", d.Source
		if why := personValueWhy(f, r.value); why != "" {
			return resolution{}, fmt.Errorf("source %q: %s", d.Source, why)
		}
	case ChoiceEdit:
		r.value, r.strategy = parseJSONValue(f, d.Value), "repair:edit"
		if len(d.Value) == 0 {
			r.value = contract.NullValue
		}
		if why := personValueWhy(f, r.value); why != "" {
			return resolution{}, fmt.Errorf("%s", why)
		}
	case ChoiceSkip, ChoiceManual:
		return resolution{}, nil
	default:
		return resolution{}, fmt.Errorf("unknown choice %s", d.Choice)
	}
	if !ka.writesAny(r) {
		return resolution{}, fmt.Errorf("nothing to write: every writable source already holds %s for %q", r.value.JSON, f.Name)
	}
	return r, nil
}

// personValueWhy says why a value a person chose breaks the field's type,
// enum or required, or "".
func personValueWhy(f *contract.Field, v contract.Value) string {
	switch {
	case v.State == contract.Invalid:
		return fmt.Sprintf("field %q: %s", f.Name, problemOf(f, v))
	case v.IsNull() && f.Required:
		return fmt.Sprintf("field %q is required: it cannot be empty", f.Name)
	}
	return ""
}

// holder is the index of a source that holds the key.
func (ka *keyAmend) holder(name string) (int, error) {
	j := ka.sess.sourceIndex(name)
	switch {
	case j < 0:
		return -1, fmt.Errorf("there is no source %q in the config", name)
	case ka.k.recs[j] == nil:
		return -1, fmt.Errorf("source %q does not hold key %s; pick a source that holds it", name, KeyText(ka.k.key))
	}
	return j, nil
}

// writesAny reports whether some writable holder holds another value.
func (ka *keyAmend) writesAny(r resolution) bool {
	for _, h := range ka.k.holders {
		if ka.sess.writable(h) && !r.field.Equal([]contract.Value{r.value, ka.k.recs[h][r.field.Index]}) {
			return true
		}
	}
	return false
}

// updates adds one update per writable holder, as the planner merges them.
// An update that would newly break an invariant or a transition refuses
// the decisions that chose its values; one made of accepted proposals
// only is left out, as the planner leaves it to manual.
func (ka *keyAmend) updates(writes []resolution) {
	for _, h := range ka.k.holders {
		if !ka.sess.writable(h) {
			continue
		}
		op, after := ka.sess.updateOp(ka.k, h, writes)
		if len(op.Set) == 0 {
			continue
		}
		var decs []int
		for _, fr := range fieldReasons(op) {
			decs = append(decs, ka.active[fr.Drift])
		}
		if why := ka.sess.brokenRule(op.Source, ka.k.recs[h], after); why != "" {
			for _, i := range decs {
				if ka.decs[i].Choice != ChoiceAccept {
					ka.refuse(i, fmt.Errorf("update of %q: %s", op.Source, why))
				}
			}
			continue
		}
		ka.add(op, decs)
	}
}

// holdDuplicated refuses every decision that writes a key some source
// holds more than once, as the planner sends such writes to manual.
func (ka *keyAmend) holdDuplicated() {
	why := ka.sess.duplicatedWhy(ka.k)
	if why == "" {
		return
	}
	for n, op := range ka.ops {
		for _, i := range ka.opDecs[n] {
			ka.refuse(i, fmt.Errorf("%s of %q: %s", op.Action, op.Source, why))
		}
	}
}

// onePerRecord sorts the key's ops as the planner does and refuses the
// decisions of a second op on one record: decisions that contradict.
func (ka *keyAmend) onePerRecord() {
	idx := make([]int, len(ka.ops))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return opOrder(ka.ops[a], ka.ops[b]) })
	ops, decs := make([]Op, len(idx)), make([][]int, len(idx))
	for n, i := range idx {
		ops[n], decs[n] = ka.ops[i], ka.opDecs[i]
	}
	ka.ops, ka.opDecs = ops, decs
	for n := 1; n < len(ops); n++ {
		if ops[n].Source != ops[n-1].Source {
			continue
		}
		for _, i := range decs[n] {
			if !slices.Contains(decs[n-1], i) {
				ka.refuse(i, fmt.Errorf("contradicts another decision on key %s: both would write %q (%s and %s); a plan holds one op per record",
					KeyText(ka.k.key), ops[n].Source, ops[n-1].Action, ops[n].Action))
			}
		}
	}
}
