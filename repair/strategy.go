package repair

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/drift-sh/drift/contract"
)

// timeOf reads a canonical timestamp value.
func timeOf(v contract.Value) (time.Time, bool) {
	if v.State != contract.Valid {
		return time.Time{}, false
	}
	s, err := strconv.Unquote(v.JSON)
	if err != nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// byClock is last-writer-wins: the value of the source whose record clock
// is newest. Sources whose clocks are within skew of the newest must agree,
// or the decision goes to manual.
func (p *planner) byClock(k *keyState, f *contract.Field) (resolution, string) {
	cf := p.c.FieldByName(p.c.Resolve.Clock.Field)
	if cf == nil {
		return resolution{}, "lww: the contract names no resolve.clock field"
	}
	clocks := make([]time.Time, len(k.holders))
	newest := 0
	for n, h := range k.holders {
		t, ok := timeOf(k.recs[h][cf.Index])
		if !ok {
			return resolution{}, fmt.Sprintf("lww: source %q has no valid clock (%s)", p.in.Sources[h].Name, cf.Name)
		}
		clocks[n] = t
		if t.After(clocks[newest]) {
			newest = n
		}
	}
	skew := p.c.Resolve.Clock.Skew
	win := k.recs[k.holders[newest]][f.Index]
	for n, h := range k.holders {
		gap := clocks[newest].Sub(clocks[n])
		if n == newest || gap > skew || f.Equal([]contract.Value{win, k.recs[h][f.Index]}) {
			continue
		}
		return resolution{}, fmt.Sprintf("lww: clocks %s apart, within skew %s", gap, skew)
	}
	return resolution{value: win, from: p.in.Sources[k.holders[newest]].Name}, ""
}

// byExtreme picks the largest (max) or smallest (min) number or timestamp;
// nulls are passed over.
func (p *planner) byExtreme(k *keyState, f *contract.Field, strategy string) (resolution, string) {
	var less func(a, b contract.Value) bool
	switch f.Type {
	case contract.TypeInt, contract.TypeDecimal, contract.TypeFloat:
		less = func(a, b contract.Value) bool { return a.Num.Cmp(b.Num) < 0 }
	case contract.TypeTimestamp:
		less = func(a, b contract.Value) bool {
			ta, _ := timeOf(a)
			tb, _ := timeOf(b)
			return ta.Before(tb)
		}
	default:
		return resolution{}, fmt.Sprintf("%s: needs a number or timestamp field; %q is %s", strategy, f.Name, f.Type)
	}
	best := -1
	for n, h := range k.holders {
		v := k.recs[h][f.Index]
		switch {
		case v.IsNull():
			continue
		case v.State == contract.Invalid || (f.Type != contract.TypeTimestamp && v.Num == nil):
			return resolution{}, fmt.Sprintf("%s: source %q holds %s, which is not a valid %s", strategy, p.in.Sources[h].Name, v.JSON, f.Type)
		}
		if best < 0 {
			best = n
			continue
		}
		cur := k.recs[k.holders[best]][f.Index]
		if (strategy == "max" && less(cur, v)) || (strategy == "min" && less(v, cur)) {
			best = n
		}
	}
	if best < 0 {
		return resolution{}, fmt.Sprintf("%s: no source holds a value", strategy)
	}
	return resolution{value: k.recs[k.holders[best]][f.Index], from: p.in.Sources[k.holders[best]].Name}, ""
}

// byUnion merges the members of a set field.
func (p *planner) byUnion(k *keyState, f *contract.Field) (resolution, string) {
	if f.Type != contract.TypeSet {
		return resolution{}, fmt.Sprintf("union: needs a set field; %q is %s", f.Name, f.Type)
	}
	var members []any
	for _, h := range k.holders {
		v := k.recs[h][f.Index]
		if v.IsNull() {
			continue
		}
		var ms []string
		if v.State != contract.Valid || json.Unmarshal([]byte(v.JSON), &ms) != nil {
			return resolution{}, fmt.Sprintf("union: source %q holds %s, which is not a valid set", p.in.Sources[h].Name, v.JSON)
		}
		for _, m := range ms {
			members = append(members, m)
		}
	}
	return resolution{value: f.Parse(members)}, ""
}

// ExprFunc evaluates the expr strategy of field: values maps each source
// holding the key to its value of the field, records to its whole record
// (indexed like Contract.Fields). The result is a raw value for the field's
// Parse; *rules.Rules' Resolve is one.
type ExprFunc func(field string, values map[string]contract.Value, records map[string][]contract.Value) (any, error)

// byExpr computes the value with the contract's CEL expression. The result
// is parsed with the field like a value read from a source, so a value the
// contract rejects goes to manual (see checkValue); an expression that
// fails goes to manual with its error.
func (p *planner) byExpr(k *keyState, f *contract.Field) (resolution, string) {
	if p.in.Expr == nil {
		return resolution{}, fmt.Sprintf("expr: no CEL evaluator was given for field %q", f.Name)
	}
	values := make(map[string]contract.Value, len(k.holders))
	records := make(map[string][]contract.Value, len(k.holders))
	for _, h := range k.holders {
		name := p.in.Sources[h].Name
		values[name] = k.recs[h][f.Index]
		records[name] = k.recs[h]
	}
	raw, err := p.in.Expr(f.Name, values, records)
	if err != nil {
		return resolution{}, fmt.Sprintf("expr: %v", err)
	}
	return resolution{value: f.Parse(raw)}, ""
}
