package contract

import (
	"encoding/json"
	"testing"
)

// SPEC: a value that does not parse is kept as its raw text and equals only
// the same raw text. Bytes that are not UTF-8 must not be replaced by U+FFFD,
// or different bytes would compare equal.
func TestParseInvalidUTF8(t *testing.T) {
	str := field(TypeString)
	lowered := field(TypeString, NormTrim, NormLower)
	status := Field{Name: "status", Type: TypeEnum, Values: []string{"a", "b"}}
	set := field(TypeSet)
	list := field(TypeList)
	runParseCases(t, []parseCase{
		{name: "string", field: str, raw: "caf\xe9", state: Invalid, json: `"caf\\xe9"`, rule: RuleType, problem: `"caf\xe9" is not valid UTF-8`},
		{name: "other bytes stay apart", field: str, raw: "caf\xe8", state: Invalid, json: `"caf\\xe8"`, rule: RuleType, problem: "is not valid UTF-8"},
		{name: "cell", field: str, raw: Cell("\xff"), state: Invalid, json: `"\\xff"`, rule: RuleType, problem: `"\xff" is not valid UTF-8`},
		{name: "bytes", field: str, raw: []byte("a\xfe"), state: Invalid, json: `"a\\xfe"`, rule: RuleType},
		{name: "checked before normalizers", field: lowered, raw: " CAF\xc9 ", state: Invalid, json: `" CAF\\xc9 "`, rule: RuleType, problem: "is not valid UTF-8"},
		{name: "valid runes kept, backslash escaped", field: str, raw: "é\\\xff", state: Invalid, json: `"é\\\\\\xff"`, rule: RuleType},
		{name: "truncated rune", field: str, raw: "caf\xc3", state: Invalid, json: `"caf\\xc3"`, rule: RuleType},
		{name: "valid UTF-8 is not escaped", field: str, raw: "café", state: Valid, json: `"café"`},
		{name: "enum", field: status, raw: "a\xff", state: Invalid, json: `"a\\xff"`, rule: RuleType, problem: "is not valid UTF-8"},
		{name: "set member in an array", field: set, raw: []any{"ok", "b\xff"}, state: Invalid, json: `"[\"ok\",\"b\\\\xff\"]"`, rule: RuleType, problem: `"b\xff" is not valid UTF-8`},
		{name: "list from a cell", field: list, raw: Cell("a;b\xff"), state: Invalid, json: `"a;b\\xff"`, rule: RuleType, problem: "is not valid UTF-8"},
		{name: "int raw text", field: field(TypeInt), raw: Cell("1\xff"), state: Invalid, json: `"1\\xff"`, rule: RuleType, problem: "is not an int"},
		{name: "timestamp raw text", field: field(TypeTimestamp), raw: "2024\xff", state: Invalid, json: `"2024\\xff"`, rule: RuleType},
		{name: "json text", field: field(TypeJSON), raw: `{"a":"caf` + "\xe9" + `"}`, state: Invalid, json: `"{\\\"a\\\":\\\"caf\\xe9\\\"}"`, rule: RuleType, problem: "is not valid UTF-8"},
		{name: "json string inside a decoded object", field: field(TypeJSON), raw: map[string]any{"a": "\xff"}, state: Invalid, json: `"{\"a\":\"\\\\xff\"}"`, rule: RuleType, problem: `"\xff" is not valid UTF-8`},
		{name: "json key inside a decoded object", field: field(TypeJSON), raw: map[string]any{"\xfe": 1}, state: Invalid, json: `"{\"\\\\xfe\":1}"`, rule: RuleType, problem: `"\xfe" is not valid UTF-8`},
	})
}

func TestInvalidUTF8NeverEqual(t *testing.T) {
	pairs := []struct {
		name string
		f    Field
		a, b any
	}{
		{"string cells", field(TypeString), Cell("1,\xff"), Cell("1,\xfe")},
		{"string with a trailing byte", field(TypeString), Cell("caf\xe9"), Cell("caf\xe8")},
		{"invalid bytes and U+FFFD", field(TypeString), "caf\xe9", "caf\uFFFD"},
		{"int raw texts", field(TypeInt), Cell("\xff"), Cell("\xfe")},
		{"set members", field(TypeSet), []any{"\xff"}, []any{"\xfe"}},
		{"json texts", field(TypeJSON), `["` + "\xff" + `"]`, `["` + "\xfe" + `"]`},
	}
	for _, tc := range pairs {
		t.Run(tc.name, func(t *testing.T) {
			a, b := tc.f.Parse(tc.a), tc.f.Parse(tc.b)
			if tc.f.Equal([]Value{a, b}) {
				t.Fatalf("Parse(%q) and Parse(%q) compare equal (%s, %s)", tc.a, tc.b, a.JSON, b.JSON)
			}
			for _, v := range []Value{a, b} {
				if !json.Valid([]byte(v.JSON)) {
					t.Errorf("JSON %q is not valid JSON", v.JSON)
				}
			}
		})
	}
}

func TestAppendCellDeclinesInvalidUTF8(t *testing.T) {
	for _, typ := range []Type{TypeString, TypeEnum, TypeInt, TypeDecimal, TypeBool, TypeTimestamp} {
		f := Field{Type: typ, Values: []string{"a"}}
		for _, cell := range []string{"\xff", "a\xff", "1\xff", "2024-05-01T10:00:00Z\xff"} {
			if got, st, ok := f.AppendCell(nil, cell); ok {
				t.Errorf("%v AppendCell(%q) = %v %s, want it to decline", typ, cell, st, got)
			}
		}
	}
}
