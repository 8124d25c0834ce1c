package contract

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

var (
	resolveKeys      = []string{"authority", "clock", "missing", "fields", "grace"}
	clockKeys        = []string{"field", "skew"}
	fieldResolveKeys = []string{"strategy", "source", "expr"}
	missingModes     = []string{"authority", "keep", "manual"}
)

// resolve reads the contract's `resolve:` block; p.val is nil when absent.
// Missing defaults to authority when an authority is named, else to manual:
// with no source of truth, a missing key is never decided automatically.
func (r reader) resolve(p pair, c *Contract) Resolve {
	res := Resolve{Missing: "manual", Fields: map[string]FieldResolve{}}
	if p.val == nil {
		return res
	}
	m := r.keyed(p.val, "resolve", resolveKeys...)
	if ap, ok := m["authority"]; ok {
		if res.Authority, ok = r.str(ap, "resolve"); ok {
			r.l.refs = append(r.l.refs, sourceRef{r: r, node: ap.val, what: "resolve: authority"})
			res.Missing = "authority"
		}
	}
	if cp, ok := m["clock"]; ok {
		res.Clock = r.clock(cp.val, c)
	}
	if mp, ok := m["missing"]; ok {
		res.Missing = r.missing(mp, res)
	}
	if gp, ok := m["grace"]; ok {
		res.Grace, _ = r.duration(gp, "resolve")
	}
	if fp, ok := m["fields"]; ok {
		for _, e := range r.entries(fp.val, "resolve: fields") {
			if fr, ok := r.fieldResolve(e, c, res); ok {
				res.Fields[e.key.Value] = fr
			}
		}
	}
	return res
}

func (r reader) clock(n *yaml.Node, c *Contract) Clock {
	var clk Clock
	m := r.keyed(n, "resolve: clock", clockKeys...)
	if n.Kind != yaml.MappingNode {
		return clk
	}
	if p, ok := m["field"]; ok {
		if clk.Field, ok = r.str(p, "resolve: clock"); ok {
			f := c.FieldByName(clk.Field)
			switch {
			case f == nil:
				r.errorf(p.val, "resolve: clock: field %q is not declared under fields%s", clk.Field, didYouMean(clk.Field, fieldNames(c)))
			case f.Type != TypeTimestamp && f.Type != 0:
				r.errorf(p.val, "resolve: clock: field %q is %s; the clock must be a timestamp field", clk.Field, f.Type)
			}
		}
	} else {
		r.errorf(n, "resolve: clock: missing field; name the timestamp field that dates a record, e.g. field: updated_at")
	}
	if p, ok := m["skew"]; ok {
		clk.Skew, _ = r.duration(p, "resolve: clock")
	}
	return clk
}

func (r reader) missing(p pair, res Resolve) string {
	s, ok := r.str(p, "resolve")
	if !ok {
		return res.Missing
	}
	if !contains(missingModes, s) {
		r.errorf(p.val, "resolve: missing %q is not authority, keep or manual%s", r.show(p.val), didYouMean(s, missingModes))
		return res.Missing
	}
	if s == "authority" && res.Authority == "" {
		r.errorf(p.val, "resolve: missing: authority needs resolve.authority; name the source of truth, or use keep or manual")
	}
	return s
}

// fieldResolve reads one entry of resolve.fields and checks that its
// strategy can work for the field.
func (r reader) fieldResolve(e pair, c *Contract, res Resolve) (FieldResolve, bool) {
	what := fmt.Sprintf("resolve: fields: %q", e.key.Value)
	fr := FieldResolve{Line: e.key.Line}
	f := c.FieldByName(e.key.Value)
	switch {
	case f == nil:
		r.errorf(e.key, "%s is not declared under fields%s", what, didYouMean(e.key.Value, fieldNames(c)))
		return fr, false
	case f.Ignore:
		r.errorf(e.key, "%s has ignore: true, so it is never compared or repaired; remove one of them", what)
		return fr, false
	}
	m := r.keyed(e.val, what, fieldResolveKeys...)
	if e.val.Kind != yaml.MappingNode {
		return fr, false
	}
	sp, ok := m["strategy"]
	if !ok {
		r.errorf(e.key, "%s: missing strategy; add strategy: %s", what, r.l.strategyChoice())
		return fr, false
	}
	if fr.Strategy, ok = r.str(sp, what); !ok {
		return fr, false
	}
	if known := r.l.strategies; known != nil && !contains(known, fr.Strategy) {
		r.errorf(sp.val, "%s: unknown strategy %q (known: %s)%s", what, r.show(sp.val), strings.Join(known, ", "), didYouMean(fr.Strategy, known))
		return fr, false
	}
	if p, ok := m["source"]; ok && r.onlyFor(p, fr, what, "authority") {
		if fr.Source, ok = r.str(p, what); ok {
			r.l.refs = append(r.l.refs, sourceRef{r: r, node: p.val, what: what})
		}
	}
	if p, ok := m["expr"]; ok && r.onlyFor(p, fr, what, "expr") {
		fr.Expr, _ = r.str(p, what)
		fr.ExprLine, fr.ExprColumn = p.val.Line, p.val.Column
	}
	r.strategyFits(sp, fr, f, res, what)
	return fr, true
}

// onlyFor reports whether key p may be set with strategy want.
func (r reader) onlyFor(p pair, fr FieldResolve, what, want string) bool {
	if fr.Strategy == want {
		return true
	}
	r.errorf(p.key, "%s: %s applies only to strategy %s, and this one is %s; remove it", what, p.key.Value, want, fr.Strategy)
	return false
}

// strategyChoice says what a strategy entry may name.
func (l *loader) strategyChoice() string {
	if l.strategies == nil {
		return "the name of a resolve strategy"
	}
	return "one of " + strings.Join(l.strategies, ", ")
}

// strategyFits checks what a strategy needs: lww a clock, union a set,
// max and min an ordered type, expr an expression, authority a source.
func (r reader) strategyFits(sp pair, fr FieldResolve, f *Field, res Resolve, what string) {
	typ := f.Type
	ordered := typ == 0 || typ == TypeInt || typ == TypeDecimal || typ == TypeFloat || typ == TypeTimestamp
	switch {
	case fr.Strategy == "lww" && res.Clock.Field == "":
		r.errorf(sp.val, "%s: strategy lww needs resolve.clock.field, the timestamp field that dates a record", what)
	case fr.Strategy == "union" && typ != 0 && typ != TypeSet:
		r.errorf(sp.val, "%s: strategy union works only on set fields, and this one is %s", what, typ)
	case (fr.Strategy == "max" || fr.Strategy == "min") && !ordered:
		r.errorf(sp.val, "%s: strategy %s works only on int, decimal, float and timestamp fields, and this one is %s", what, fr.Strategy, typ)
	case fr.Strategy == "expr" && fr.ExprLine == 0:
		r.errorf(sp.val, "%s: strategy expr needs expr: a CEL expression over `values`", what)
	case fr.Strategy == "authority" && fr.Source == "" && res.Authority == "" && f.Source == "":
		r.errorf(sp.val, "%s: strategy authority needs a source: set resolve.authority, or source: on this entry", what)
	}
}
