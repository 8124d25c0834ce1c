package repair

import (
	"encoding/json"
	"fmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/sources"
)

// resolution is the value one changed field of one key resolves to.
type resolution struct {
	field    *contract.Field
	value    contract.Value
	strategy string
	from     string // the source whose value won; empty when computed
	drift    string
}

// strategyOf is the field's resolve strategy; authority by default.
func (p *planner) strategyOf(f *contract.Field) string {
	if fr, ok := p.c.Resolve.Fields[f.Name]; ok && fr.Strategy != "" {
		return fr.Strategy
	}
	return "authority"
}

// resolveChanged resolves every changed field of a key; a field that
// cannot be resolved safely becomes a manual item instead.
func (p *planner) resolveChanged(k *keyState) []resolution {
	if len(k.holders) < 2 {
		return nil
	}
	var out []resolution
	for _, f := range p.compared() {
		if f.Equal(k.column(f)) {
			continue
		}
		drift := diff.DriftID(diff.Changed, k.key, "", f.Name, "")
		strategy := p.strategyOf(f)
		r, why := p.resolveField(k, f, strategy)
		if why == "" {
			why = checkValue(f, r.value)
		}
		if why != "" {
			p.addManual(k, drift, f.Name, why, p.candidates(k, f))
			continue
		}
		r.field, r.strategy, r.drift = f, strategy, drift
		out = append(out, r)
	}
	return out
}

// checkValue says why a resolved value would break the contract, or "".
func checkValue(f *contract.Field, v contract.Value) string {
	switch {
	case v.State == contract.Invalid:
		return fmt.Sprintf("resolved value %s of field %q breaks the contract: %s", v.JSON, f.Name, problemOf(f, v))
	case v.IsNull() && f.Required:
		return fmt.Sprintf("resolved value of field %q is null, but the field is required", f.Name)
	}
	return ""
}

// problemOf says why an Invalid value does not parse; values rebuilt from
// a scan lose the reason, so it is found again by parsing the raw text.
func problemOf(f *contract.Field, v contract.Value) string {
	if v.Problem == "" {
		v = f.Parse(v.Decode())
	}
	if v.Problem == "" {
		return "it is not a valid " + f.Type.String()
	}
	return v.Problem
}

// resolveField applies one registered strategy; a non-empty why sends the
// field to manual.
func (p *planner) resolveField(k *keyState, f *contract.Field, strategy string) (resolution, string) {
	s, ok := lookupStrategy(strategy)
	if !ok {
		return resolution{}, fmt.Sprintf("unknown strategy %q for field %q", strategy, f.Name)
	}
	res, err := s.Resolve(FieldInput{Contract: p.c, Field: f, Key: k.key, Sources: p.in.Sources,
		Records: k.recs, Holders: k.holders, Expr: p.in.Expr})
	if err != nil {
		return resolution{}, err.Error()
	}
	return resolution{value: res.Value, from: res.From}, ""
}

// planUpdates adds one update op per (source, key) that holds a value other
// than the resolved one, and a manual item for every changed field that a
// non-writable source keeps.
func (p *planner) planUpdates(k *keyState, resolved []resolution) {
	for _, h := range k.holders {
		op, after := p.updateOp(k, h, resolved)
		if len(op.Set) == 0 {
			continue
		}
		name := p.in.Sources[h].Name
		if !p.writable(h) {
			for i, fr := range fieldReasons(op) {
				why := fmt.Sprintf("source %q is not writable; it keeps %s while %s resolves to %s", name, op.Expect[i].Value, fr.Strategy, op.Set[i].Value)
				p.addManual(k, fr.Drift, fr.Field, why, p.candidates(k, p.c.FieldByName(fr.Field)))
			}
			continue
		}
		if why := p.brokenRule(name, k.recs[h], after); why != "" {
			for _, fr := range fieldReasons(op) {
				f := p.c.FieldByName(fr.Field)
				p.addManual(k, fr.Drift, fr.Field, fmt.Sprintf("update of %q: %s", name, why), p.candidates(k, f))
			}
			continue
		}
		p.addOp(op)
	}
}

// updateOp is the update that gives holder h the resolved values it does
// not hold, fields in contract order, and the record it would leave. Its
// reason is the first field's, every field listed when there are several.
// An op without Set means h holds them all.
func (p *planner) updateOp(k *keyState, h int, resolved []resolution) (Op, []contract.Value) {
	op := Op{Source: p.in.Sources[h].Name, Key: k.key, Action: sources.ActionUpdate}
	after := append([]contract.Value(nil), k.recs[h]...)
	for _, r := range resolved {
		cur := k.recs[h][r.field.Index]
		if r.field.Equal([]contract.Value{r.value, cur}) {
			continue
		}
		after[r.field.Index] = r.value
		op.Set = append(op.Set, FieldValue{Field: r.field.Name, Value: json.RawMessage(r.value.JSON)})
		op.Expect = append(op.Expect, FieldValue{Field: r.field.Name, Value: json.RawMessage(cur.JSON)})
		op.Reason.Fields = append(op.Reason.Fields, FieldReason{Field: r.field.Name, Strategy: r.strategy, From: r.from, Drift: r.drift})
	}
	if len(op.Set) > 0 {
		first := op.Reason.Fields[0]
		op.Reason = Reason{Strategy: first.Strategy, From: first.From, Drift: first.Drift, Fields: op.Reason.Fields}
		if len(op.Reason.Fields) == 1 {
			op.Reason.Fields = nil
		}
	}
	return op, after
}

// fieldReasons lists an update's reason per field, in Set order.
func fieldReasons(op Op) []FieldReason {
	if len(op.Reason.Fields) > 0 || len(op.Set) == 0 {
		return op.Reason.Fields
	}
	r := op.Reason
	return []FieldReason{{Field: op.Set[0].Field, Strategy: r.Strategy, From: r.From, Drift: r.Drift}}
}
