package contract

import (
	"encoding/json"
	"math/big"
	"testing"
	"time"

	"pgregory.net/rapid"
)

var normalizerGen = rapid.SampledFrom([]Normalizer{NormTrim, NormLower, NormUpper, NormCollapseSpaces, NormEmptyIsNull})

// fieldGen draws a field of any type with random normalizers, tolerance,
// precision and enum values.
func fieldGen() *rapid.Generator[Field] {
	return rapid.Custom(func(t *rapid.T) Field {
		f := Field{
			Name:      "f",
			Type:      Type(rapid.IntRange(int(TypeString), int(TypeJSON)).Draw(t, "type")),
			Normalize: rapid.SliceOfN(normalizerGen, 0, 3).Draw(t, "normalize"),
			Precision: rapid.SampledFrom([]time.Duration{0, time.Millisecond, time.Second, 7 * time.Second, time.Hour}).Draw(t, "precision"),
			Values:    rapid.SliceOfN(rapid.SampledFrom([]string{"a", "B", "c d", "1", ""}), 0, 4).Draw(t, "values"),
		}
		if tol := rapid.SampledFrom([]string{"", "0", "0.01", "1"}).Draw(t, "tolerance"); tol != "" {
			f.Tolerance, _ = ParseDecimal(tol)
		}
		return f
	})
}

// scalarGen draws raw scalars in every Go type a source may give, shaped
// so that every field type sees valid values as well as invalid ones.
func scalarGen() *rapid.Generator[any] {
	decimalText := rapid.StringMatching(`[-+]?[0-9]{0,5}(\.[0-9]{0,4})?([eE][-+]?[0-9]{1,2})?`)
	timestampText := rapid.StringMatching(`[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,12})?(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])?`)
	words := rapid.StringMatching(`[ \taAbB;é\x{a0}]{0,8}`)
	return rapid.OneOf(
		rapid.Map(rapid.String(), func(s string) any { return s }),
		rapid.Map(words, func(s string) any { return s }),
		rapid.Map(words, func(s string) any { return Cell(s) }),
		rapid.Map(invalidUTF8Gen(), func(s string) any { return s }),
		rapid.Map(invalidUTF8Gen(), func(s string) any { return Cell(s) }),
		rapid.Map(decimalText, func(s string) any { return s }),
		rapid.Map(decimalText, func(s string) any { return json.Number(s) }),
		rapid.Map(timestampText, func(s string) any { return s }),
		rapid.Map(rapid.SampledFrom([]string{"true", "F", " yes ", "0", "no"}), func(s string) any { return Cell(s) }),
		rapid.Map(rapid.Bool(), func(b bool) any { return b }),
		rapid.Map(rapid.Int64(), func(n int64) any { return n }),
		rapid.Map(rapid.Float64(), func(x float64) any { return x }),
		rapid.Map(rapid.Int64Range(minUnix, maxUnix), func(n int64) any { return time.Unix(n, int64(n%1e9)) }),
		rapid.Just[any](nil),
	)
}

// typedGen draws raw values shaped for one field type, so that most of
// them parse.
func typedGen(typ Type) *rapid.Generator[any] {
	word := rapid.SampledFrom([]string{"a", "B", "c  d", " A ", "1", "", "é"})
	switch typ {
	case TypeInt:
		return rapid.OneOf(
			rapid.Map(rapid.Int64(), func(n int64) any { return n }),
			rapid.Map(rapid.StringMatching(`[ ]?[-+]?[0-9]{1,18}[ ]?`), func(s string) any { return Cell(s) }),
			rapid.Map(rapid.StringMatching(`-?[1-9][0-9]{0,5}(\.0{1,3})?(e[0-9])?`), func(s string) any { return json.Number(s) }))
	case TypeDecimal, TypeFloat:
		return rapid.Map(rapid.StringMatching(`-?[0-9]{1,5}(\.[0-9]{1,4})?(e-?[0-9]{1,2})?`), func(s string) any { return json.Number(s) })
	case TypeBool:
		return rapid.Map(rapid.SampledFrom([]string{"true", "F", " yes ", "0", "no", "T"}), func(s string) any { return s })
	case TypeTimestamp:
		return rapid.OneOf(
			rapid.Map(rapid.StringMatching(`[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,12})?(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])?`), func(s string) any { return s }),
			rapid.Map(rapid.StringMatching(`-?[0-9]{1,10}(\.[0-9]{1,12})?`), func(s string) any { return json.Number(s) }))
	case TypeSet, TypeList:
		return rapid.OneOf(
			rapid.Map(rapid.SliceOfN(word, 0, 5), func(ws []string) any { return ws }),
			rapid.Map(rapid.StringMatching(`[aB ;1]{0,8}`), func(s string) any { return s }))
	case TypeJSON:
		return rapid.Map(rapid.MapOfN(rapid.StringMatching(`[a-c]{1,2}`), scalarGen(), 0, 3), func(m map[string]any) any { return m })
	}
	return rapid.Map(word, func(s string) any { return s })
}

// rawGen draws scalars, arrays and objects, and JSON text.
func rawGen() *rapid.Generator[any] {
	scalar := scalarGen()
	array := rapid.Map(rapid.SliceOfN(scalar, 0, 4), func(a []any) any { return a })
	object := rapid.Map(rapid.MapOfN(rapid.StringMatching(`[a-c]{1,2}`), scalar, 0, 3), func(m map[string]any) any { return m })
	jsonText := rapid.Map(rapid.SampledFrom([]string{`{"b":1.0,"a":[1e2,"x"]}`, `[]`, `[true,null,-0.0]`, `{"a":{"c":"<&>"}}`}), func(s string) any { return s })
	return rapid.OneOf(scalar, scalar, array, object, jsonText)
}

// rawFor draws any raw value, or one shaped for the field's type.
func rawFor(f Field) *rapid.Generator[any] {
	return rapid.OneOf(rawGen(), typedGen(f.Type))
}

func TestPropParseIdempotentThroughDecode(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := fieldGen().Draw(t, "field")
		v := f.Parse(rawFor(f).Draw(t, "raw"))
		if v.State == Invalid {
			return
		}
		again := f.Parse(v.Decode())
		if again.State != v.State || again.JSON != v.JSON {
			t.Fatalf("Parse(Decode(%s)) = state %v %s (%s), want state %v", v.JSON, again.State, again.JSON, again.Problem, v.State)
		}
		if !f.Equal([]Value{v, again}) {
			t.Fatalf("round-tripped value %s is not Equal to itself", v.JSON)
		}
	})
}

func TestPropCanonicalJSONIsValidJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := fieldGen().Draw(t, "field")
		v := f.Parse(rawFor(f).Draw(t, "raw"))
		if !json.Valid([]byte(v.JSON)) {
			t.Fatalf("JSON %q is not valid JSON", v.JSON)
		}
		if (v.Num != nil) != (v.State == Valid && (f.Type == TypeInt || f.Type == TypeDecimal || f.Type == TypeFloat)) {
			t.Fatalf("Num = %v for state %v of a %v", v.Num, v.State, f.Type)
		}
	})
}

func TestPropEqualReflexiveAndSymmetric(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := fieldGen().Draw(t, "field")
		a := f.Parse(rawFor(f).Draw(t, "a"))
		b := f.Parse(rawFor(f).Draw(t, "b"))
		if !f.Equal([]Value{a, a}) {
			t.Fatalf("Equal is not reflexive for %s", a.JSON)
		}
		if f.Equal([]Value{a, b}) != f.Equal([]Value{b, a}) {
			t.Fatalf("Equal is not symmetric for %s and %s", a.JSON, b.JSON)
		}
		if f.Tolerance == nil && f.Equal([]Value{a, b}) != (a.State == b.State && a.JSON == b.JSON) {
			t.Fatalf("without tolerance Equal(%s, %s) must be equality of State and JSON", a.JSON, b.JSON)
		}
	})
}

// Values of one field: Compare is a total order whose equality is equality
// of State and JSON.
func TestPropCompareTotalOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := fieldGen().Draw(t, "field")
		var vals [3]Value
		for i := range vals {
			vals[i] = f.Parse(rawFor(f).Draw(t, "raw"))
		}
		checkOrder(t, vals)
		a, b := vals[0], vals[1]
		if (Compare(a, b) == 0) != (a.State == b.State && a.JSON == b.JSON) {
			t.Fatalf("Compare(%s, %s) = %d disagrees with equality of State and JSON", a.JSON, b.JSON, Compare(a, b))
		}
	})
}

// Values of different fields, numbers mixed with text: still a total order.
func TestPropCompareTotalOrderAcrossTypes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var vals [3]Value
		for i := range vals {
			f := fieldGen().Draw(t, "field")
			vals[i] = f.Parse(rawFor(f).Draw(t, "raw"))
		}
		checkOrder(t, vals)
		if a, b := vals[0], vals[1]; Compare(a, b) == 0 && (a.State != b.State || a.JSON != b.JSON) {
			t.Fatalf("Compare(%s, %s) = 0 for different values", a.JSON, b.JSON)
		}
	})
}

// checkOrder checks antisymmetry and transitivity on three values.
func checkOrder(t *rapid.T, vals [3]Value) {
	a, b, c := vals[0], vals[1], vals[2]
	if sign(Compare(a, b)) != -sign(Compare(b, a)) {
		t.Fatalf("Compare is not antisymmetric for %s and %s", a.JSON, b.JSON)
	}
	if Compare(a, b) <= 0 && Compare(b, c) <= 0 && Compare(a, c) > 0 {
		t.Fatalf("Compare is not transitive: %s <= %s <= %s but %s > %s", a.JSON, b.JSON, c.JSON, a.JSON, c.JSON)
	}
}

func TestPropDecimalCanonicalIsExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		text := rapid.StringMatching(`-?[0-9]{1,12}(\.[0-9]{1,12})?(e-?[0-9]{1,2})?`).Draw(t, "text")
		want, ok := new(big.Rat).SetString(text)
		if !ok {
			t.Skip()
		}
		canon, ok := canonicalDecimal(text)
		if !ok {
			t.Fatalf("canonicalDecimal(%q) refused a decimal", text)
		}
		got := decimalRat(canon)
		if got.String() != want.String() {
			t.Fatalf("decimalRat(canonicalDecimal(%q)) = %s, want %s", text, got, want)
		}
		if back, _ := FormatDecimal(got); back != canon {
			t.Fatalf("FormatDecimal(%s) = %q, want %q", got, back, canon)
		}
	})
}
