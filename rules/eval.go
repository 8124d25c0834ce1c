package rules

import (
	"errors"
	"fmt"
	"strings"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
)

// Check evaluates every invariant over one record of a source (values
// indexed like Contract.Fields). A false rule is a violation whose message
// is the rule's own or shows the values it read; a rule that fails at run
// time (a missing field, a division by zero) or exceeds CostLimit is a
// violation that says why.
func (r *Rules) Check(source string, values []contract.Value) []diff.RuleViolation {
	if len(r.invariants) == 0 {
		return nil
	}
	act := map[string]any{varSelf: r.record(values)}
	var out []diff.RuleViolation
	for _, p := range r.invariants {
		res, err := p.eval(act)
		if v, broken := p.verdict(res, err, func() string { return r.showFields(p.fields, values) }); broken {
			out = append(out, v)
		}
	}
	return out
}

// CheckTransition evaluates every transition over the previous (old) and
// current (cur) values of one record of a source. A new record (old nil)
// and an unchanged one pass: a transition judges a change.
func (r *Rules) CheckTransition(source string, old, cur []contract.Value) []diff.RuleViolation {
	if len(r.transitions) == 0 || old == nil || sameValues(old, cur) {
		return nil
	}
	act := map[string]any{varSelf: r.record(cur), varOldSelf: r.record(old)}
	var out []diff.RuleViolation
	for _, p := range r.transitions {
		res, err := p.eval(act)
		if v, broken := p.verdict(res, err, func() string { return r.showChanges(p.fields, old, cur) }); broken {
			out = append(out, v)
		}
	}
	return out
}

// Resolve evaluates the expr strategy of field: values maps each source to
// its value of the field, records each source to its whole record (both
// without null values, as in `self`). The result is a Go value for
// contract.Field.Parse; the caller checks it against the contract.
func (r *Rules) Resolve(field string, values map[string]contract.Value, records map[string][]contract.Value) (any, error) {
	p, ok := r.exprs[field]
	if !ok {
		return nil, fmt.Errorf("resolve: fields: %q has no expr strategy", field)
	}
	vals := map[string]any{}
	for src, v := range values {
		if v.State == contract.Valid {
			vals[src] = celValue(v.Native)
		}
	}
	recs := map[string]any{}
	for src, rec := range records {
		recs[src] = r.record(rec)
	}
	res, err := p.eval(map[string]any{varValues: vals, varRecords: recs})
	if err != nil {
		return nil, fmt.Errorf("resolve: fields: %q: expr %s: %w", field, p.rule.Rule, err)
	}
	out, err := goValue(res)
	if err != nil {
		return nil, fmt.Errorf("resolve: fields: %q: expr %s: %w", field, p.rule.Rule, err)
	}
	return out, nil
}

// eval runs the program; an error result, and the cost limit, become errors.
func (p *program) eval(act map[string]any) (ref.Val, error) {
	res, _, err := p.prg.Eval(act)
	var cancelled interpreter.EvalCancelledError
	if errors.As(err, &cancelled) && cancelled.Cause == interpreter.CostLimitExceeded {
		return nil, fmt.Errorf("stopped: it exceeded the evaluation cost limit of %d; simplify the rule", CostLimit)
	}
	if err != nil {
		return nil, err
	}
	if types.IsError(res) {
		return nil, fmt.Errorf("%v", res)
	}
	return res, nil
}

// verdict turns a rule's result into a violation; broken is false when the
// rule held. shown prints the values the rule read.
func (p *program) verdict(res ref.Val, err error, shown func() string) (v diff.RuleViolation, broken bool) {
	v = diff.RuleViolation{Rule: p.rule.Name, Severity: p.rule.Severity}
	text := oneLine(p.rule.Rule)
	switch {
	case err != nil:
		v.Message = fmt.Sprintf("rule %q could not be evaluated: %v (%s; rule: %s)", p.rule.Name, err, shown(), text)
	case res == types.True:
		return v, false
	case res == types.False:
		v.Message = p.rule.Message
		if v.Message == "" {
			v.Message = fmt.Sprintf("%s is false (%s)", text, shown())
		}
	default:
		v.Message = fmt.Sprintf("rule %q gave %s, not a bool (rule: %s)", p.rule.Name, res.Type().TypeName(), text)
	}
	return v, true
}

// showFields prints the fields a rule read: balance = -5, status = "open".
func (r *Rules) showFields(fields []int, values []contract.Value) string {
	parts := make([]string, 0, len(fields))
	for _, i := range fields {
		parts = append(parts, r.c.Fields[i].Name+" = "+show(valueAt(values, i)))
	}
	if len(parts) == 0 {
		return "no fields read"
	}
	return strings.Join(parts, ", ")
}

// showChanges prints the old and new values of the fields a transition
// read: status: "closed" -> "active".
func (r *Rules) showChanges(fields []int, old, cur []contract.Value) string {
	parts := make([]string, 0, len(fields))
	for _, i := range fields {
		parts = append(parts, r.c.Fields[i].Name+": "+show(valueAt(old, i))+" -> "+show(valueAt(cur, i)))
	}
	if len(parts) == 0 {
		return "no fields read"
	}
	return strings.Join(parts, ", ")
}

func valueAt(values []contract.Value, i int) contract.Value {
	if i < len(values) {
		return values[i]
	}
	return contract.NullValue
}

// sameValues reports whether two records hold the same canonical values.
func sameValues(a, b []contract.Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].State != b[i].State || a[i].JSON != b[i].JSON {
			return false
		}
	}
	return true
}

// oneLine collapses a rule's whitespace for a message.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
