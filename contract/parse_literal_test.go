package contract

import "testing"

// A number written in a notation JSON lacks (YAML's 0x10, 1_000, +1) is
// read from its literal text by text fields and from its value by numeric
// ones, as SPEC's "strings from other scalars use the literal text" and
// "numbers are exact" ask.
func TestParseLiteral(t *testing.T) {
	hex := Literal{Text: "0x10", Number: "16"}
	under := Literal{Text: "1_000", Number: "1000"}
	for _, tc := range []struct {
		name string
		typ  Type
		raw  Literal
		json string
	}{
		{"string keeps the literal text", TypeString, hex, `"0x10"`},
		{"int reads the value", TypeInt, hex, `16`},
		{"decimal reads the value", TypeDecimal, under, `"1000"`},
		{"float reads the value", TypeFloat, under, `1000`},
		{"set member keeps the literal text", TypeSet, under, `["1_000"]`},
		{"list member keeps the literal text", TypeList, hex, `["0x10"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &Field{Name: "f", Type: tc.typ}
			got := f.Parse(tc.raw)
			if got.State != Valid || got.JSON != tc.json {
				t.Fatalf("Parse(%+v) = %v %s (%s), want %s", tc.raw, got.State, got.JSON, got.Problem, tc.json)
			}
		})
	}
	enum := &Field{Name: "e", Type: TypeEnum, Values: []string{"0x10"}}
	if got := enum.Parse(hex); got.State != Valid || got.JSON != `"0x10"` {
		t.Errorf("enum Parse = %v %s, want the literal \"0x10\"", got.State, got.JSON)
	}
	j := &Field{Name: "j", Type: TypeJSON}
	if got := j.Parse(map[string]any{"n": hex}); got.State != Valid || got.JSON != `{"n":16}` {
		t.Errorf("json Parse = %v %s, want {\"n\":16}", got.State, got.JSON)
	}
}
