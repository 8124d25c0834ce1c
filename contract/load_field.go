package contract

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

var fieldKeys = []string{"type", "normalize", "tolerance", "precision", "values", "required", "ignore", "source"}

// typeOrder lists the type names as SPEC's table does, for messages.
var typeOrder = []Type{TypeString, TypeInt, TypeDecimal, TypeFloat, TypeBool, TypeTimestamp, TypeEnum, TypeSet, TypeList, TypeJSON}

// field reads one entry of `fields:`. The field is returned even when it has
// problems, so that references to it do not add more.
func (r reader) field(e pair, index int) *Field {
	f := &Field{Name: e.key.Value, Index: index, Line: e.key.Line}
	what := fmt.Sprintf("field %q", f.Name)
	if f.Name == "" {
		r.errorf(e.key, "a field needs a name")
	}
	m := r.keyed(e.val, what, fieldKeys...)
	if e.val.Kind != yaml.MappingNode {
		return f
	}
	if p, ok := m["type"]; ok {
		f.Type = r.fieldType(p, what)
	} else {
		r.errorf(e.key, "%s: missing type; add type: one of %s", what, knownTypes())
	}
	if p, ok := m["required"]; ok {
		f.Required, _ = r.boolean(p, what)
	}
	if p, ok := m["ignore"]; ok {
		f.Ignore, _ = r.boolean(p, what)
	}
	if p, ok := m["source"]; ok {
		if f.Source, ok = r.str(p, what); ok {
			r.l.refs = append(r.l.refs, sourceRef{r: r, node: p.val, what: what})
		}
	}
	if p, ok := m["normalize"]; ok && r.typeFor(p, f, what, TypeString, TypeEnum, TypeSet, TypeList) {
		f.Normalize = r.normalizers(p, what)
	}
	if p, ok := m["tolerance"]; ok && r.typeFor(p, f, what, TypeDecimal, TypeFloat) {
		f.Tolerance = r.tolerance(p, what)
	}
	if p, ok := m["precision"]; ok && r.typeFor(p, f, what, TypeTimestamp) {
		f.Precision, _ = r.duration(p, what)
	}
	if p, ok := m["values"]; ok && r.typeFor(p, f, what, TypeEnum) {
		f.Values = r.enumValues(p, what)
	} else if !ok && f.Type == TypeEnum {
		r.errorf(e.key, "%s: an enum needs values; add values: [a, b, ...]", what)
	}
	return f
}

func (r reader) fieldType(p pair, what string) Type {
	name, ok := r.str(p, what)
	if !ok {
		return 0
	}
	for _, t := range typeOrder {
		if t.String() == name {
			return t
		}
	}
	names := make([]string, len(typeOrder))
	for i, t := range typeOrder {
		names[i] = t.String()
	}
	r.errorf(p.val, "%s: unknown type %q (known types: %s)%s", what, r.show(p.val), knownTypes(), didYouMean(name, names))
	return 0
}

func knownTypes() string {
	names := make([]string, len(typeOrder))
	for i, t := range typeOrder {
		names[i] = t.String()
	}
	return strings.Join(names, ", ")
}

// typeFor reports whether key p applies to f's type, reporting it when not.
// A field whose type is unknown was reported already and passes.
func (r reader) typeFor(p pair, f *Field, what string, types ...Type) bool {
	if f.Type == 0 {
		return true
	}
	for _, t := range types {
		if t == f.Type {
			return true
		}
	}
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = t.String()
	}
	r.errorf(p.key, "%s: %s applies only to %s fields, and this one is %s; remove it",
		what, p.key.Value, orList(names), f.Type)
	return false
}

func (r reader) normalizers(p pair, what string) []Normalizer {
	known := make([]string, 0, len(normalizerNames))
	for n := NormTrim; n <= NormEmptyIsNull; n++ {
		known = append(known, n.String())
	}
	var out []Normalizer
	for _, item := range r.list(p, what) {
		i := indexOf(known, item.Value)
		if i < 0 {
			r.errorf(item, "%s: unknown normalizer %q (known: %s)%s",
				what, r.show(item), strings.Join(known, ", "), didYouMean(item.Value, known))
			continue
		}
		out = append(out, NormTrim+Normalizer(i))
	}
	return out
}

// decimalRe is a number literal with at most a four-digit exponent; it
// excludes YAML's .inf and .nan and fractions such as 1/3.
var decimalRe = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,4})?$`)

// tolerance reads an exact, non-negative number from its literal text.
func (r reader) tolerance(p pair, what string) *big.Rat {
	v := p.val
	text := v.Value
	rat, ok := new(big.Rat).SetString(text)
	if v.Kind != yaml.ScalarNode || !decimalRe.MatchString(text) || !ok {
		r.errorf(v, "%s: tolerance must be a number such as 0.01, not %s", what, r.describe(v))
		return nil
	}
	if rat.Sign() < 0 {
		r.errorf(v, "%s: tolerance must be 0 or more, not %s", what, r.show(v))
		return nil
	}
	return rat
}

func (r reader) enumValues(p pair, what string) []string {
	items := r.list(p, what)
	if p.val.Kind == yaml.SequenceNode && len(p.val.Content) == 0 {
		r.errorf(p.val, "%s: values is empty; list the allowed values, e.g. values: [active, closed]", what)
	}
	var out []string
	for _, item := range items {
		if contains(out, item.Value) {
			r.errorf(item, "%s: value %q is listed twice", what, r.show(item))
			continue
		}
		out = append(out, item.Value)
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// orList joins names as "a", "a or b", "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
