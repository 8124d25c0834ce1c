package contract

import (
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"time"
)

// Change is one difference between two contracts, as `drift contract diff`
// lists it: what changed (`field balance`, `invariant non-negative`,
// `resolve.authority`), which of its settings (`type`, `tolerance`; empty
// for the thing as a whole) and its old and new value in config notation
// ("" when absent). Behaviour says whether it changes what a scan reports
// or a plan writes: everything does but `owner`, `version` and
// `resolve.grace` (which decides alerts only).
type Change struct {
	What      string `json:"what"`
	Setting   string `json:"setting,omitempty"`
	Old       string `json:"old"`
	New       string `json:"new"`
	Behaviour bool   `json:"behaviour"`
}

// String is the change on one line: `field email: normalize [trim] → [trim, lower]`.
func (c Change) String() string {
	what := c.What
	if c.Setting != "" {
		what += ": " + c.Setting
	}
	switch {
	case c.Old == "":
		return what + ": added " + c.New
	case c.New == "":
		return what + ": removed (was " + c.Old + ")"
	}
	return what + ": " + c.Old + " → " + c.New
}

// Changes lists every difference between two contracts, in a fixed order:
// the contract's own settings, fields by name, invariants and transitions
// by name, then resolve.
func Changes(old, cur *Contract) []Change {
	a, b := old.canonical(), cur.canonical()
	var d differ
	d.add("version", "", fmt.Sprint(a.Version), fmt.Sprint(b.Version), false)
	d.add("owner", "", a.Owner, b.Owner, false)
	d.add("name", "", a.Name, b.Name, true)
	d.add("key", "", list(a.Key), list(b.Key), true)
	d.add("strict", "", fmt.Sprint(a.Strict), fmt.Sprint(b.Strict), true)
	d.fields(a.Fields, b.Fields)
	d.rules("invariant", a.Invariants, b.Invariants)
	d.rules("transition", a.Transitions, b.Transitions)
	d.resolve(a.Resolve, b.Resolve)
	d.add("resolve.grace", "", durationText(old.Resolve.Grace), durationText(cur.Resolve.Grace), false)
	return d.out
}

// BehaviourChanged reports whether any change alters what a scan reports
// or a plan writes.
func BehaviourChanged(changes []Change) bool {
	for _, c := range changes {
		if c.Behaviour {
			return true
		}
	}
	return false
}

type differ struct{ out []Change }

func (d *differ) add(what, setting, old, cur string, behaviour bool) {
	if old != cur {
		d.out = append(d.out, Change{What: what, Setting: setting, Old: old, New: cur, Behaviour: behaviour})
	}
}

func (d *differ) fields(old, cur []canonField) {
	for _, m := range matchByName(old, cur, func(f canonField) string { return f.Name }) {
		what, fa, fb := "field "+m.name, m.a, m.b
		switch {
		case !m.inA:
			d.add(what, "", "", fieldText(fb), true)
		case !m.inB:
			d.add(what, "", fieldText(fa), "", true)
		default:
			d.add(what, "type", fa.Type, fb.Type, true)
			d.add(what, "normalize", list(fa.Normalize), list(fb.Normalize), true)
			d.add(what, "tolerance", decimalText(fa.Tolerance), decimalText(fb.Tolerance), true)
			d.add(what, "precision", precisionText(fa), precisionText(fb), true)
			d.add(what, "values", list(fa.Values), list(fb.Values), true)
			d.add(what, "required", fmt.Sprint(fa.Required), fmt.Sprint(fb.Required), true)
			d.add(what, "ignore", fmt.Sprint(fa.Ignore), fmt.Sprint(fb.Ignore), true)
			d.add(what, "source", fa.Source, fb.Source, true)
		}
	}
}

func (d *differ) rules(kind string, old, cur []canonRule) {
	for _, m := range matchByName(old, cur, func(r canonRule) string { return r.Name }) {
		what, ra, rb := kind+" "+m.name, m.a, m.b
		switch {
		case !m.inA:
			d.add(what, "", "", rb.Rule, true)
		case !m.inB:
			d.add(what, "", ra.Rule, "", true)
		default:
			d.add(what, "rule", ra.Rule, rb.Rule, true)
			d.add(what, "message", ra.Message, rb.Message, true)
			d.add(what, "severity", ra.Severity, rb.Severity, true)
		}
	}
}

func (d *differ) resolve(a, b canonResolve) {
	d.add("resolve.authority", "", a.Authority, b.Authority, true)
	d.add("resolve.clock", "field", a.ClockField, b.ClockField, true)
	d.add("resolve.clock", "skew", durationNS(a.ClockSkew), durationNS(b.ClockSkew), true)
	d.add("resolve.missing", "", orDefault(a.Missing, "authority"), orDefault(b.Missing, "authority"), true)
	for _, m := range matchByName(a.Fields, b.Fields, func(f canonFieldResolve) string { return f.Field }) {
		what := "resolve.fields." + m.name
		d.add(what, "strategy", m.a.Strategy, m.b.Strategy, true)
		d.add(what, "source", m.a.Source, m.b.Source, true)
		d.add(what, "expr", m.a.Expr, m.b.Expr, true)
	}
}

// match is one name's items in two lists; inA and inB say which hold it
// (the other side is the zero value).
type match[T any] struct {
	name     string
	a, b     T
	inA, inB bool
}

// matchByName pairs the items of two lists by name, sorted by name.
func matchByName[T any](a, b []T, name func(T) string) []match[T] {
	byName := map[string]*match[T]{}
	get := func(n string) *match[T] {
		if byName[n] == nil {
			byName[n] = &match[T]{name: n}
		}
		return byName[n]
	}
	for _, x := range a {
		m := get(name(x))
		m.a, m.inA = x, true
	}
	for _, x := range b {
		m := get(name(x))
		m.b, m.inB = x, true
	}
	out := make([]match[T], 0, len(byName))
	for _, n := range slices.Sorted(maps.Keys(byName)) {
		out = append(out, *byName[n])
	}
	return out
}

func fieldText(f canonField) string {
	parts := []string{"type: " + f.Type}
	if len(f.Normalize) > 0 {
		parts = append(parts, "normalize: "+list(f.Normalize))
	}
	if f.Required {
		parts = append(parts, "required: true")
	}
	if f.Ignore {
		parts = append(parts, "ignore: true")
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func list(xs []string) string { return "[" + strings.Join(xs, ", ") + "]" }

func precisionText(f canonField) string {
	if f.Type != TypeTimestamp.String() {
		return ""
	}
	return durationNS(f.Precision)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func durationNS(ns int64) string { return durationText(time.Duration(ns)) }

// durationText is a duration as a config writes it; "" for none.
func durationText(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

// decimalText writes a tolerance (a rational from a decimal literal) as a
// decimal: "1/100" as "0.01".
func decimalText(rat string) string {
	r, ok := new(big.Rat).SetString(rat)
	if !ok {
		return rat
	}
	for n := 0; n <= 40; n++ {
		s := r.FloatString(n)
		if back, ok := new(big.Rat).SetString(s); ok && back.Cmp(r) == 0 {
			return s
		}
	}
	return rat
}
