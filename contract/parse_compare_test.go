package contract

import (
	"encoding/json"
	"math/big"
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

func TestEqual(t *testing.T) {
	tol := func(typ Type, s string) Field {
		r, err := ParseDecimal(s)
		if err != nil {
			t.Fatal(err)
		}
		return Field{Type: typ, Tolerance: r}
	}
	dec := tol(TypeDecimal, "0.01")
	cases := []struct {
		name  string
		field Field
		raws  []any
		want  bool
	}{
		{name: "same strings", field: field(TypeString), raws: []any{"a", "a"}, want: true},
		{name: "different strings", field: field(TypeString), raws: []any{"a", "b"}},
		{name: "strings equal after normalize", field: field(TypeString, NormTrim, NormLower), raws: []any{" A@x.io", "a@X.IO "}, want: true},
		{name: "decimal 1.50 equals 1.5 without tolerance", field: field(TypeDecimal), raws: []any{json.Number("1.50"), "1.5"}, want: true},
		{name: "decimal 100.10 differs from 100.11 without tolerance", field: field(TypeDecimal), raws: []any{"100.10", "100.11"}},
		{name: "decimal 100.10 equals 100.11 under tolerance 0.01", field: dec, raws: []any{"100.10", "100.11"}, want: true},
		{name: "decimal 100.10 differs from 100.12 under tolerance 0.01", field: dec, raws: []any{"100.10", "100.12"}},
		{name: "three sources: max minus min within tolerance", field: dec, raws: []any{"1.00", "1.01", "1.005"}, want: true},
		{name: "three sources: neighbours close but max minus min too far", field: dec, raws: []any{"1.00", "1.01", "1.02"}},
		{name: "float 100.10 equals 100.11 under tolerance 0.01", field: tol(TypeFloat, "0.01"), raws: []any{100.10, 100.11}, want: true},
		{name: "float differs without tolerance", field: field(TypeFloat), raws: []any{0.1, 0.2}},
		{name: "tolerance ignored for int", field: Field{Type: TypeInt, Tolerance: big.NewRat(5, 1)}, raws: []any{"1", "2"}},
		{name: "null equals null", field: dec, raws: []any{nil, Cell("")}, want: true},
		{name: "null never equals a value under tolerance", field: dec, raws: []any{nil, "0"}},
		{name: "invalid int kept raw never equals null", field: field(TypeInt), raws: []any{"abc", nil}},
		{name: "invalid equals the same raw text", field: field(TypeInt), raws: []any{"abc", Cell("abc")}, want: true},
		{name: "invalid never equals a parsed value with the same text", field: field(TypeDecimal), raws: []any{"4.5", true}},
		{name: "invalid raw text within tolerance is still unequal", field: dec, raws: []any{"x", "1"}},
		{name: "empty set equals null", field: field(TypeSet), raws: []any{Cell(""), nil, []any{}}, want: true},
		{name: "a JSON empty string is not the empty set", field: field(TypeSet), raws: []any{"", nil}, want: false},
		{name: "set order and duplicates ignored", field: field(TypeSet), raws: []any{"a;b", []any{"b", "a", "b"}}, want: true},
		{name: "list order matters", field: field(TypeList), raws: []any{"a;b", "b;a"}},
		{name: "json key order ignored", field: field(TypeJSON), raws: []any{`{"a":1,"b":2}`, map[string]any{"b": json.Number("2.0"), "a": json.Number("1")}}, want: true},
		{name: "timestamps equal after truncation", field: Field{Type: TypeTimestamp, Precision: 1e9}, raws: []any{"2024-05-01T10:00:00.9Z", "2024-05-01 12:00:00+02:00"}, want: true},
		{name: "bools from different notations", field: field(TypeBool), raws: []any{"yes", true, Cell("1"), "T"}, want: true},
		{name: "one value is equal", field: field(TypeInt), raws: []any{"1"}, want: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vals := make([]Value, len(tc.raws))
			for i, raw := range tc.raws {
				vals[i] = tc.field.Parse(raw)
			}
			if got := tc.field.Equal(vals); got != tc.want {
				t.Fatalf("Equal(%v) = %v, want %v", vals, got, tc.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	i, d, s := field(TypeInt), field(TypeDecimal), field(TypeString)
	cases := []struct {
		name string
		a, b Value
		want int
	}{
		{name: "null first", a: NullValue, b: s.Parse(""), want: -1},
		{name: "null equals null", a: NullValue, b: d.Parse(nil), want: 0},
		{name: "ints numerically, not as text", a: i.Parse("9"), b: i.Parse("10"), want: -1},
		{name: "negative before positive", a: i.Parse("-10"), b: i.Parse("2"), want: -1},
		{name: "decimals numerically", a: d.Parse("9.5"), b: d.Parse("10"), want: -1},
		{name: "same number same text", a: d.Parse("1.50"), b: d.Parse("1.5"), want: 0},
		{name: "strings by code point", a: s.Parse("B"), b: s.Parse("a"), want: -1},
		{name: "a before b", a: s.Parse("a"), b: s.Parse("b"), want: -1},
		{name: "prefix first: a before a!", a: s.Parse("a"), b: s.Parse("a!"), want: -1},
		{name: "escaped content compared decoded", a: s.Parse("a\"b"), b: s.Parse("a#"), want: -1},
		{name: "numbers before invalid raw text", a: i.Parse("10"), b: i.Parse("5x"), want: -1},
		{name: "invalid after valid text with the same JSON", a: s.Parse("1.5"), b: i.Parse(json.Number("1.5")), want: -1},
		{name: "equal strings", a: s.Parse("x"), b: s.Parse("x"), want: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Compare(tc.a, tc.b); sign(got) != tc.want {
				t.Fatalf("Compare(%s, %s) = %d, want %d", tc.a.JSON, tc.b.JSON, got, tc.want)
			}
			if got := Compare(tc.b, tc.a); sign(got) != -tc.want {
				t.Fatalf("Compare(%s, %s) = %d, want %d", tc.b.JSON, tc.a.JSON, got, -tc.want)
			}
		})
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func TestDecode(t *testing.T) {
	cases := []struct {
		name  string
		field Field
		raw   any
		want  any
	}{
		{name: "null is nil", field: field(TypeInt), raw: nil, want: nil},
		{name: "string", field: field(TypeString), raw: "a\"b", want: "a\"b"},
		{name: "int as a JSON number", field: field(TypeInt), raw: "42", want: json.Number("42")},
		{name: "float as a JSON number", field: field(TypeFloat), raw: "1.50", want: json.Number("1.5")},
		{name: "decimal as a string", field: field(TypeDecimal), raw: json.Number("1.50"), want: "1.5"},
		{name: "bool", field: field(TypeBool), raw: "no", want: false},
		{name: "timestamp as RFC 3339", field: field(TypeTimestamp), raw: int64(0), want: "1970-01-01T00:00:00Z"},
		{name: "set as an array of strings", field: field(TypeSet), raw: "b;a", want: []any{"a", "b"}},
		{name: "json with json.Number numbers", field: field(TypeJSON), raw: `{"a":[1.0]}`, want: map[string]any{"a": []any{json.Number("1")}}},
		{name: "invalid as its raw text", field: field(TypeInt), raw: []any{json.Number("1")}, want: "[1]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.field.Parse(tc.raw).Decode(); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Decode() = %#v, want %#v", got, tc.want)
			}
		})
	}
}

// TestPropEqualDecimals checks the engine's fast comparison of tolerant
// decimals against Equal on the parsed values: wherever EqualDecimals can
// tell, it tells what Equal does. Values run from a few digits to past
// the 18 it handles, scales differ, and tolerances are decimal fractions
// or thirds.
func TestPropEqualDecimals(t *testing.T) {
	decimal := rapid.Custom(func(t *rapid.T) string {
		digits := rapid.StringMatching(`[0-9]{1,20}`).Draw(t, "digits")
		scale := rapid.IntRange(0, len(digits)).Draw(t, "scale")
		s := digits[:len(digits)-scale]
		if s == "" {
			s = "0"
		}
		if scale > 0 {
			s += "." + digits[len(digits)-scale:]
		}
		if rapid.Bool().Draw(t, "negative") {
			s = "-" + s
		}
		return s
	})
	rapid.Check(t, func(t *rapid.T) {
		tol := rapid.SampledFrom([]string{"0.001", "0.01", "1", "0.5", "1000", "0.000000000000000001"}).Draw(t, "tolerance")
		r, err := ParseDecimal(tol)
		if err != nil {
			t.Fatal(err)
		}
		if rapid.Bool().Draw(t, "third") {
			r.Quo(r, big.NewRat(3, 1))
		}
		f := Field{Type: TypeDecimal, Tolerance: r}
		n := rapid.IntRange(2, 4).Draw(t, "sources")
		vals := make([]Value, n)
		js := make([]string, n)
		for i := range vals {
			d := decimal.Draw(t, "value")
			if i > 0 && rapid.Bool().Draw(t, "near") {
				// Near the first value: the cases where the tolerance
				// decides.
				d = new(big.Rat).Add(vals[0].Num, big.NewRat(rapid.Int64Range(-2000, 2000).Draw(t, "offset"), 1000)).FloatString(3)
			}
			vals[i] = f.Parse(d)
			js[i] = vals[i].JSON
		}
		got, ok := f.EqualDecimals(js)
		if !ok {
			return
		}
		if want := f.Equal(vals); got != want {
			t.Fatalf("EqualDecimals(%q) under tolerance %s = %v, Equal = %v", js, r.RatString(), got, want)
		}
	})
}

func TestEqualDecimalsDeclines(t *testing.T) {
	tol, _ := ParseDecimal("0.01")
	f := Field{Type: TypeDecimal, Tolerance: tol}
	for _, tc := range []struct {
		name  string
		field Field
		js    []string
	}{
		{"no tolerance", Field{Type: TypeDecimal}, []string{`"1"`, `"2"`}},
		{"a float", Field{Type: TypeFloat, Tolerance: tol}, []string{`1`, `2`}},
		{"19 digits", f, []string{`"1234567890.123456789"`, `"1"`}},
		{"not a decimal's JSON", f, []string{`1`, `"1"`}},
		{"one value", f, []string{`"1"`}},
		{"rescaled past 18 digits", f, []string{`"123456789012345678"`, `"0.1"`}},
		{"a tolerance past 64 bits", Field{Type: TypeDecimal, Tolerance: new(big.Rat).SetFrac(new(big.Int).Lsh(big.NewInt(1), 70), big.NewInt(3))}, []string{`"1"`, `"2"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := tc.field.EqualDecimals(tc.js); ok {
				t.Errorf("EqualDecimals(%q) told; want it to decline", tc.js)
			}
		})
	}
}
