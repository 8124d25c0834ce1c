package contract

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"
)

// parseCase is one raw value parsed by one field. For Invalid values, rule
// is the expected Rule and problem a substring of the Problem.
type parseCase struct {
	name    string
	field   Field
	raw     any
	state   State
	json    string
	rule    string
	problem string
}

func runParseCases(t *testing.T, cases []parseCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.field.Parse(tc.raw)
			if got.State != tc.state || got.JSON != tc.json {
				t.Fatalf("Parse(%#v) = state %v JSON %s, want state %v JSON %s (problem %q)",
					tc.raw, got.State, got.JSON, tc.state, tc.json, got.Problem)
			}
			if got.Rule != tc.rule {
				t.Errorf("Rule = %q, want %q", got.Rule, tc.rule)
			}
			if !strings.Contains(got.Problem, tc.problem) {
				t.Errorf("Problem = %q, want it to contain %q", got.Problem, tc.problem)
			}
			if tc.state == Invalid && got.Problem == "" {
				t.Errorf("an Invalid value must say why")
			}
			if tc.state == Null && got != NullValue {
				t.Errorf("null value = %#v, want NullValue", got)
			}
		})
	}
}

func field(typ Type, norms ...Normalizer) Field {
	return Field{Name: "f", Type: typ, Normalize: norms}
}

func TestParseString(t *testing.T) {
	str := field(TypeString)
	runParseCases(t, []parseCase{
		{name: "plain string", field: str, raw: "abc", state: Valid, json: `"abc"`},
		{name: "nil is null", field: str, raw: nil, state: Null, json: "null"},
		{name: "empty JSON string is a valid empty string", field: str, raw: "", state: Valid, json: `""`},
		{name: "empty cell is an empty string, not null", field: str, raw: Cell(""), state: Valid, json: `""`},
		{name: "empty cell is null with empty_is_null", field: field(TypeString, NormEmptyIsNull), raw: Cell(""), state: Null, json: "null"},
		{name: "number keeps its literal text", field: str, raw: json.Number("42.50"), state: Valid, json: `"42.50"`},
		{name: "bool as true", field: str, raw: true, state: Valid, json: `"true"`},
		{name: "int64 as its digits", field: str, raw: int64(-7), state: Valid, json: `"-7"`},
		{name: "float64 without exponent", field: str, raw: 1e21, state: Valid, json: `"1000000000000000000000"`},
		{name: "bytes as text", field: str, raw: []byte("héllo"), state: Valid, json: `"héllo"`},
		{name: "time as RFC 3339 UTC", field: str, raw: time.Date(2024, 5, 1, 12, 0, 0, 0, time.FixedZone("x", 7200)), state: Valid, json: `"2024-05-01T10:00:00Z"`},
		{name: "no HTML escaping", field: str, raw: "<a&b>", state: Valid, json: `"<a&b>"`},
		{name: "quotes and control characters escaped", field: str, raw: "a\"b\\c\n\x01", state: Valid, json: `"a\"b\\c\n\u0001"`},
		{name: "line separator escaped like encoding/json", field: str, raw: "a\u2028b", state: Valid, json: `"a\u2028b"`},
		{name: "invalid UTF-8 is a type violation kept escaped", field: str, raw: "a\xff\xfeb", state: Invalid, json: `"a\\xff\\xfeb"`, rule: RuleType, problem: "is not valid UTF-8"},
		{name: "array is not a string", field: str, raw: []any{"a", json.Number("1")}, state: Invalid, json: `"[\"a\",1]"`, rule: "type", problem: "is not a string"},
		{name: "object is not a string", field: str, raw: map[string]any{"b": json.Number("1.0"), "a": true}, state: Invalid, json: `"{\"a\":true,\"b\":1.0}"`, rule: "type"},
		{name: "Go int widened", field: str, raw: 12, state: Valid, json: `"12"`},
	})
}

func TestNormalize(t *testing.T) {
	cases := []struct {
		name  string
		norms []Normalizer
		in    string
		want  string
		null  bool
	}{
		{name: "no normalizers keep the text", in: " A  b ", want: " A  b "},
		{name: "trim", norms: []Normalizer{NormTrim}, in: " \t a b \n", want: "a b"},
		{name: "lower", norms: []Normalizer{NormLower}, in: "ÀBc", want: "àbc"},
		{name: "upper", norms: []Normalizer{NormUpper}, in: "àbC", want: "ÀBC"},
		{name: "collapse_spaces joins runs into one space", norms: []Normalizer{NormCollapseSpaces}, in: "a \t\n b  c", want: "a b c"},
		{name: "collapse_spaces turns a single tab into a space", norms: []Normalizer{NormCollapseSpaces}, in: "a\tb", want: "a b"},
		{name: "collapse_spaces keeps edges as one space", norms: []Normalizer{NormCollapseSpaces}, in: "  a  ", want: " a "},
		{name: "collapse_spaces sees unicode spaces", norms: []Normalizer{NormCollapseSpaces}, in: "a\u00a0\u2003b", want: "a b"},
		{name: "empty_is_null on empty", norms: []Normalizer{NormEmptyIsNull}, in: "", null: true},
		{name: "empty_is_null keeps blanks without trim", norms: []Normalizer{NormEmptyIsNull}, in: "  ", want: "  "},
		{name: "trim then empty_is_null", norms: []Normalizer{NormTrim, NormEmptyIsNull}, in: "  ", null: true},
		{name: "empty_is_null judges the final text wherever it is listed", norms: []Normalizer{NormEmptyIsNull, NormTrim}, in: "  ", null: true},
		{name: "applied in order: lower then upper", norms: []Normalizer{NormLower, NormUpper}, in: "aB", want: "AB"},
		{name: "applied in order: upper then lower", norms: []Normalizer{NormUpper, NormLower}, in: "aB", want: "ab"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, null := normalize(tc.norms, tc.in)
			if got != tc.want || null != tc.null {
				t.Fatalf("normalize(%q) = %q, null %v; want %q, null %v", tc.in, got, null, tc.want, tc.null)
			}
		})
	}
}

func TestParseStringNormalized(t *testing.T) {
	email := field(TypeString, NormTrim, NormLower)
	runParseCases(t, []parseCase{
		{name: "email trimmed and lowered", field: email, raw: "  A@X.io ", state: Valid, json: `"a@x.io"`},
		{name: "blank string stays an empty string without empty_is_null", field: email, raw: "   ", state: Valid, json: `""`},
		{name: "blank string is null with trim and empty_is_null", field: field(TypeString, NormTrim, NormEmptyIsNull), raw: "   ", state: Null, json: "null"},
		{name: "number text normalized too", field: field(TypeString, NormUpper), raw: json.Number("1e3"), state: Valid, json: `"1E3"`},
	})
}

func TestParseOtherGoTypes(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "Go int as an int", field: field(TypeInt), raw: 42, state: Valid, json: "42"},
		{name: "uint64 beyond int64 is out of range", field: field(TypeInt), raw: uint64(1 << 63), state: Invalid, json: `"9223372036854775808"`, rule: "type", problem: "range"},
		{name: "float32 read as its shortest text", field: field(TypeDecimal), raw: float32(0.1), state: Valid, json: `"0.1"`},
		{name: "big.Rat with a finite decimal expansion", field: field(TypeDecimal), raw: big.NewRat(5, 4), state: Valid, json: `"1.25"`},
		{name: "Go ints inside a set", field: field(TypeSet), raw: []any{2, int32(1)}, state: Valid, json: `["1","2"]`},
		{name: "Go ints inside json", field: field(TypeJSON), raw: map[string]any{"n": 3, "u": uint8(4)}, state: Valid, json: `{"n":3,"u":4}`},
		{name: "unknown Go type is a type violation", field: field(TypeString), raw: struct{ A int }{1}, state: Invalid, json: `"{1}"`, rule: "type"},
		{name: "unknown Go type inside json is a type violation", field: field(TypeJSON), raw: []any{[]int{1}}, state: Invalid, json: `"[[1]]"`, rule: "type"},
	})
}
