package diff

import (
	"encoding/json"
	"math/big"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// testContract is a small contract keyed by an int id, with one field of
// each kind the engine treats specially.
//
//	0 id      int, key
//	1 name    string, normalize trim
//	2 balance decimal, tolerance 0.01
//	3 status  enum [active closed], required
//	4 tags    set
//	5 notes   int, ignore
func testContract() *contract.Contract {
	fields := []*contract.Field{
		{Name: "id", Type: contract.TypeInt},
		{Name: "name", Type: contract.TypeString, Normalize: []contract.Normalizer{contract.NormTrim}},
		{Name: "balance", Type: contract.TypeDecimal, Tolerance: big.NewRat(1, 100)},
		{Name: "status", Type: contract.TypeEnum, Values: []string{"active", "closed"}, Required: true},
		{Name: "tags", Type: contract.TypeSet},
		{Name: "notes", Type: contract.TypeInt, Ignore: true},
	}
	for i, f := range fields {
		f.Index = i
	}
	return &contract.Contract{Name: "accounts", Version: 1, Key: []int{0}, Fields: fields}
}

// compositeContract is keyed by (region string, n int).
func compositeContract() *contract.Contract {
	fields := []*contract.Field{
		{Name: "region", Type: contract.TypeString},
		{Name: "n", Type: contract.TypeInt},
		{Name: "name", Type: contract.TypeString},
	}
	for i, f := range fields {
		f.Index = i
	}
	return &contract.Contract{Name: "pairs", Version: 1, Key: []int{0, 1}, Fields: fields}
}

// rec makes a record at a location with raw values, like a JSON source
// gives them (json.Number for numbers written as "#42").
func rec(loc string, vals ...any) contract.Record {
	for i, v := range vals {
		if s, ok := v.(string); ok && strings.HasPrefix(s, "#") {
			vals[i] = json.Number(s[1:])
		}
	}
	return contract.Record{Loc: loc, Values: vals}
}

// account is a valid record of testContract.
func account(id, name, balance string) contract.Record {
	return rec("line "+id, "#"+id, name, balance, "active", "a;b", nil)
}

// line renders a drift without its id and message, for comparison.
func line(d Drift) string {
	key, _ := d.Key.MarshalJSON()
	s := d.Kind.String() + " " + string(key)
	for _, p := range [][2]string{{"source", d.Source}, {"field", d.Field}, {"rule", d.Rule}} {
		if p[1] != "" {
			s += " " + p[0] + "=" + p[1]
		}
	}
	if d.Values != nil {
		v, _ := d.Values.MarshalJSON()
		s += " values=" + string(v)
	}
	return s
}

func lines(ds []Drift) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, line(d))
	}
	return out
}

// checkerFunc adapts a function to Checker.
type checkerFunc func(source string, values []contract.Value) []RuleViolation

func (f checkerFunc) Check(source string, values []contract.Value) []RuleViolation {
	return f(source, values)
}

// run feeds each source its records in order, fails the listed sources, and
// returns the result.
func run(t interface{ Helper() }, c *contract.Contract, names []string, recs [][]contract.Record, failed []int, opts ...Option) ([]Drift, Summary) {
	t.Helper()
	e := New(c, names, opts...)
	for s, rs := range recs {
		for _, r := range rs {
			e.Add(s, r)
		}
	}
	for _, s := range failed {
		e.Fail(s)
	}
	return e.Result()
}
