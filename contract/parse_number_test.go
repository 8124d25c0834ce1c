package contract

import (
	"encoding/json"
	"math"
	"math/big"
	"testing"
)

func TestParseInt(t *testing.T) {
	i := field(TypeInt)
	runParseCases(t, []parseCase{
		{name: "JSON integer", field: i, raw: json.Number("42"), state: Valid, json: "42"},
		{name: "integer string", field: i, raw: "42", state: Valid, json: "42"},
		{name: "integer string with surrounding spaces trimmed", field: i, raw: " -42 ", state: Valid, json: "-42"},
		{name: "integer cell", field: i, raw: Cell("7"), state: Valid, json: "7"},
		{name: "leading zeros and plus sign", field: i, raw: "+007", state: Valid, json: "7"},
		{name: "integral number 42.0", field: i, raw: json.Number("42.0"), state: Valid, json: "42"},
		{name: "integral number in exponent form", field: i, raw: json.Number("4.2e1"), state: Valid, json: "42"},
		{name: "negative zero is zero", field: i, raw: json.Number("-0"), state: Valid, json: "0"},
		{name: "int64", field: i, raw: int64(math.MaxInt64), state: Valid, json: "9223372036854775807"},
		{name: "integral float64", field: i, raw: float64(-3), state: Valid, json: "-3"},
		{name: "empty cell is null", field: i, raw: Cell(""), state: Null, json: "null"},
		{name: "invalid int kept raw", field: i, raw: "abc", state: Invalid, json: `"abc"`, rule: "type", problem: `"abc" is not an int`},
		{name: "empty JSON string is a type violation", field: i, raw: "", state: Invalid, json: `""`, rule: "type"},
		{name: "string 42.0 is not an integer string", field: i, raw: "42.0", state: Invalid, json: `"42.0"`, rule: "type"},
		{name: "fraction is not an int", field: i, raw: json.Number("4.5"), state: Invalid, json: `"4.5"`, rule: "type", problem: "fraction"},
		{name: "fractional float64 is not an int", field: i, raw: 4.5, state: Invalid, json: `"4.5"`, rule: "type", problem: "fraction"},
		{name: "out of 64-bit range", field: i, raw: json.Number("9223372036854775808"), state: Invalid, json: `"9223372036854775808"`, rule: "type", problem: "range"},
		{name: "out of range string", field: i, raw: "-9223372036854775809", state: Invalid, json: `"-9223372036854775809"`, rule: "type", problem: "range"},
		{name: "huge integral float64", field: i, raw: 1e19, state: Invalid, json: `"10000000000000000000"`, rule: "type", problem: "range"},
		{name: "NaN is invalid", field: i, raw: math.NaN(), state: Invalid, json: `"NaN"`, rule: "type"},
		{name: "bool is not an int", field: i, raw: true, state: Invalid, json: `"true"`, rule: "type"},
		{name: "underscores are not digits", field: i, raw: "1_000", state: Invalid, json: `"1_000"`, rule: "type"},
		{name: "array kept as its JSON text", field: i, raw: []any{json.Number("1")}, state: Invalid, json: `"[1]"`, rule: "type"},
	})
}

func TestParseDecimal(t *testing.T) {
	d := field(TypeDecimal)
	runParseCases(t, []parseCase{
		{name: "shortest exact form", field: d, raw: json.Number("12.5"), state: Valid, json: `"12.5"`},
		{name: "trailing zeros dropped", field: d, raw: json.Number("1.50"), state: Valid, json: `"1.5"`},
		{name: "integer keeps its zeros", field: d, raw: json.Number("100"), state: Valid, json: `"100"`},
		{name: "exponent expanded", field: d, raw: json.Number("1e3"), state: Valid, json: `"1000"`},
		{name: "negative exponent expanded", field: d, raw: json.Number("-1E-3"), state: Valid, json: `"-0.001"`},
		{name: "negative zero is zero", field: d, raw: "-0", state: Valid, json: `"0"`},
		{name: "zero with fraction", field: d, raw: "0.000", state: Valid, json: `"0"`},
		{name: "numeric string trimmed", field: d, raw: " 100.10 ", state: Valid, json: `"100.1"`},
		{name: "leading point", field: d, raw: ".5", state: Valid, json: `"0.5"`},
		{name: "exact beyond double precision", field: d, raw: json.Number("0.10000000000000000000000001"), state: Valid, json: `"0.10000000000000000000000001"`},
		{name: "big integer exact", field: d, raw: json.Number("123456789012345678901234567890"), state: Valid, json: `"123456789012345678901234567890"`},
		{name: "float64 read as its shortest text", field: d, raw: 0.1, state: Valid, json: `"0.1"`},
		{name: "int64", field: d, raw: int64(-5), state: Valid, json: `"-5"`},
		{name: "empty cell is null", field: d, raw: Cell(""), state: Null, json: "null"},
		{name: "empty JSON string is a type violation", field: d, raw: "", state: Invalid, json: `""`, rule: "type"},
		{name: "NaN text is invalid", field: d, raw: "NaN", state: Invalid, json: `"NaN"`, rule: "type", problem: `"NaN" is not a decimal`},
		{name: "Infinity text is invalid", field: d, raw: "Infinity", state: Invalid, json: `"Infinity"`, rule: "type"},
		{name: "infinite float64 is invalid", field: d, raw: math.Inf(-1), state: Invalid, json: `"-Inf"`, rule: "type"},
		{name: "hex is invalid", field: d, raw: "0x10", state: Invalid, json: `"0x10"`, rule: "type"},
		{name: "lone point is invalid", field: d, raw: ".", state: Invalid, json: `"."`, rule: "type"},
		{name: "exponent without digits is invalid", field: d, raw: "1e", state: Invalid, json: `"1e"`, rule: "type"},
		{name: "absurd exponent is invalid", field: d, raw: json.Number("1e999999999"), state: Invalid, json: `"1e999999999"`, rule: "type"},
		{name: "bool is not a decimal", field: d, raw: false, state: Invalid, json: `"false"`, rule: "type"},
	})
}

func TestParseFloat(t *testing.T) {
	fl := field(TypeFloat)
	runParseCases(t, []parseCase{
		{name: "JSON number", field: fl, raw: json.Number("1.5"), state: Valid, json: "1.5"},
		{name: "shortest double text", field: fl, raw: json.Number("0.1000000000000000055511151231257827"), state: Valid, json: "0.1"},
		{name: "no exponent in output", field: fl, raw: json.Number("1e21"), state: Valid, json: "1000000000000000000000"},
		{name: "small number without exponent", field: fl, raw: 1e-7, state: Valid, json: "0.0000001"},
		{name: "integral float prints as an integer", field: fl, raw: json.Number("2.0"), state: Valid, json: "2"},
		{name: "numeric string trimmed", field: fl, raw: " -2.5 ", state: Valid, json: "-2.5"},
		{name: "negative zero is zero", field: fl, raw: math.Copysign(0, -1), state: Valid, json: "0"},
		{name: "int64", field: fl, raw: int64(3), state: Valid, json: "3"},
		{name: "empty cell is null", field: fl, raw: Cell(""), state: Null, json: "null"},
		{name: "empty JSON string is a type violation", field: fl, raw: "", state: Invalid, json: `""`, rule: "type"},
		{name: "NaN float64 is invalid", field: fl, raw: math.NaN(), state: Invalid, json: `"NaN"`, rule: "type", problem: "is not a float"},
		{name: "inf text is invalid", field: fl, raw: "inf", state: Invalid, json: `"inf"`, rule: "type"},
		{name: "hex float text is invalid", field: fl, raw: "0x1p-2", state: Invalid, json: `"0x1p-2"`, rule: "type"},
		{name: "overflow is invalid", field: fl, raw: json.Number("1e400"), state: Invalid, json: `"1e400"`, rule: "type", problem: "range"},
	})
}

func TestParseDecimalAPI(t *testing.T) {
	cases := []struct {
		name, in, want string
		ok             bool
	}{
		{name: "tolerance 0.01", in: "0.01", want: "1/100", ok: true},
		{name: "exponent", in: "2.5e-1", want: "1/4", ok: true},
		{name: "not a number", in: "abc"},
		{name: "spaces are not trimmed", in: " 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseDecimal(tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("ParseDecimal(%q) error = %v, want ok %v", tc.in, err, tc.ok)
			}
			if tc.ok && r.String() != tc.want {
				t.Fatalf("ParseDecimal(%q) = %s, want %s", tc.in, r, tc.want)
			}
		})
	}
}

func TestFormatDecimal(t *testing.T) {
	cases := []struct {
		name, in, want string
		ok             bool
	}{
		{name: "integer", in: "100", want: "100", ok: true},
		{name: "half", in: "1/2", want: "0.5", ok: true},
		{name: "negative fraction", in: "-1/1000", want: "-0.001", ok: true},
		{name: "mixed twos and fives", in: "3/40", want: "0.075", ok: true},
		{name: "third has no finite expansion", in: "1/3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := new(big.Rat).SetString(tc.in)
			got, ok := FormatDecimal(r)
			if ok != tc.ok || got != tc.want {
				t.Fatalf("FormatDecimal(%s) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}
