package contract

import (
	"encoding/json"
	"testing"
)

func TestParseSet(t *testing.T) {
	set := field(TypeSet)
	trimmed := field(TypeSet, NormTrim, NormLower)
	runParseCases(t, []parseCase{
		{name: "JSON array sorted", field: set, raw: []any{"b", "a", "c"}, state: Valid, json: `["a","b","c"]`},
		{name: "duplicates removed", field: set, raw: []any{"a", "b", "a"}, state: Valid, json: `["a","b"]`},
		{name: "numbers and bools as their literal text", field: set, raw: []any{json.Number("1.50"), true}, state: Valid, json: `["1.50","true"]`},
		{name: "sorted by code point", field: set, raw: []any{"b", "B", "a!", "a"}, state: Valid, json: `["B","a","a!","b"]`},
		{name: "string split on semicolons", field: set, raw: "vip;beta", state: Valid, json: `["beta","vip"]`},
		{name: "set from semicolon string drops empty members", field: set, raw: Cell(";vip;;beta;"), state: Valid, json: `["beta","vip"]`},
		{name: "members normalized", field: trimmed, raw: " VIP ; beta;vip", state: Valid, json: `["beta","vip"]`},
		{name: "members blank after normalize dropped", field: trimmed, raw: []any{" ", "a"}, state: Valid, json: `["a"]`},
		{name: "null members dropped", field: set, raw: []any{nil, "a"}, state: Valid, json: `["a"]`},
		{name: "an empty cell is the empty set, which is null", field: set, raw: Cell(""), state: Null, json: "null"},
		{name: "a JSON empty string is a type violation, kept raw", field: set, raw: "", state: Invalid, json: `""`, rule: RuleType},
		{name: "a semicolon string of empty members is the empty set", field: set, raw: ";", state: Null, json: "null"},
		{name: "empty array is null", field: set, raw: []any{}, state: Null, json: "null"},
		{name: "only empty members is null", field: set, raw: ";;", state: Null, json: "null"},
		{name: "empty cell is null", field: set, raw: Cell(""), state: Null, json: "null"},
		{name: "Go string slice", field: set, raw: []string{"z", "y"}, state: Valid, json: `["y","z"]`},
		{name: "nested array is a type violation", field: set, raw: []any{"a", []any{"b"}}, state: Invalid, json: `"[\"a\",[\"b\"]]"`, rule: "type", problem: "is not a set"},
		{name: "object is a type violation", field: set, raw: map[string]any{"a": "b"}, state: Invalid, json: `"{\"a\":\"b\"}"`, rule: "type"},
		{name: "a string holding a JSON array is that array", field: set, raw: `["c", "a"]`, state: Valid, json: `["a","c"]`},
		{name: "a CSV cell holding a JSON array is that array", field: set, raw: Cell(`["c","a","c"]`), state: Valid, json: `["a","c"]`},
		{name: "bytes holding a JSON array, spaces around", field: set, raw: []byte(" \n[\"b\"] "), state: Valid, json: `["b"]`},
		{name: "array text members normalized", field: trimmed, raw: Cell(`[" VIP ", "beta"]`), state: Valid, json: `["beta","vip"]`},
		{name: "array text numbers keep their literal text", field: set, raw: `[1.50, 2, true, null]`, state: Valid, json: `["1.50","2","true"]`},
		{name: "array text with ; inside a member", field: set, raw: `["a;b"]`, state: Valid, json: `["a;b"]`},
		{name: "an empty array text is the empty set", field: set, raw: Cell(`[]`), state: Null, json: "null"},
		{name: "array text with a nested array is a type violation", field: set, raw: Cell(`["a",["b"]]`), state: Invalid, json: `"[\"a\",[\"b\"]]"`, rule: RuleType, problem: "members must be strings"},
		{name: "array text with an object is a type violation", field: set, raw: `[{"a":1}]`, state: Invalid, rule: RuleType, json: `"[{\"a\":1}]"`},
		{name: "not valid JSON: split on ; as any string", field: set, raw: Cell(`[a;b]`), state: Valid, json: `["[a","b]"]`},
		{name: "unclosed array text split on ;", field: set, raw: `["a";"b"`, state: Valid, json: `["\"b\"","[\"a\""]`},
		{name: "text after the array: split on ;", field: set, raw: `["a"] x`, state: Valid, json: `["[\"a\"] x"]`},
		{name: "a JSON object text is split like any string", field: set, raw: `{"a":1}`, state: Valid, json: `["{\"a\":1}"]`},
		{name: "a number is not array text", field: set, raw: json.Number("12"), state: Valid, json: `["12"]`},
	})
}

func TestParseList(t *testing.T) {
	list := field(TypeList)
	runParseCases(t, []parseCase{
		{name: "order kept", field: list, raw: []any{"b", "a"}, state: Valid, json: `["b","a"]`},
		{name: "duplicates kept", field: list, raw: []any{"a", "b", "a"}, state: Valid, json: `["a","b","a"]`},
		{name: "string split on semicolons keeps order", field: list, raw: "c;a;b", state: Valid, json: `["c","a","b"]`},
		{name: "empty members dropped", field: list, raw: "c;;a;", state: Valid, json: `["c","a"]`},
		{name: "members normalized", field: field(TypeList, NormUpper), raw: []any{"a", json.Number("1e3")}, state: Valid, json: `["A","1E3"]`},
		{name: "empty list is null", field: list, raw: []any{}, state: Null, json: "null"},
		{name: "member with quotes escaped", field: list, raw: []any{`say "hi"`}, state: Valid, json: `["say \"hi\""]`},
		{name: "nested object is a type violation", field: list, raw: []any{map[string]any{}}, state: Invalid, json: `"[{}]"`, rule: "type"},
		{name: "a string holding a JSON array keeps its order and duplicates", field: list, raw: Cell(`["c", "a", "c"]`), state: Valid, json: `["c","a","c"]`},
	})
}

func TestParseJSON(t *testing.T) {
	js := field(TypeJSON)
	runParseCases(t, []parseCase{
		{name: "json key order ignored", field: js, raw: map[string]any{"b": json.Number("1"), "a": "x"}, state: Valid, json: `{"a":"x","b":1}`},
		{name: "string holding an object", field: js, raw: `{"b": 1, "a": [true, null]}`, state: Valid, json: `{"a":[true,null],"b":1}`},
		{name: "numbers compare exactly: 1.0 is 1", field: js, raw: `[1.0, 1e3, 0.50, -0]`, state: Valid, json: `[1,1000,0.5,0]`},
		{name: "numbers keep exact digits", field: js, raw: `[0.10000000000000000000000001]`, state: Valid, json: `[0.10000000000000000000000001]`},
		{name: "nested objects sorted", field: js, raw: map[string]any{"z": map[string]any{"y": "1", "x": "2"}}, state: Valid, json: `{"z":{"x":"2","y":"1"}}`},
		{name: "no HTML escaping", field: js, raw: `{"a":"<b>&"}`, state: Valid, json: `{"a":"<b>&"}`},
		{name: "empty object is a value, not null", field: js, raw: map[string]any{}, state: Valid, json: `{}`},
		{name: "empty array is a value", field: js, raw: Cell("[]"), state: Valid, json: `[]`},
		{name: "go numbers inside", field: js, raw: []any{int64(2), 2.5}, state: Valid, json: `[2,2.5]`},
		{name: "empty cell is null", field: js, raw: Cell(""), state: Null, json: "null"},
		{name: "empty JSON string is a type violation", field: js, raw: "", state: Invalid, json: `""`, rule: "type"},
		{name: "string holding a scalar is a type violation", field: js, raw: `42`, state: Invalid, json: `"42"`, rule: "type", problem: "is not a JSON object or array"},
		{name: "malformed JSON text kept raw", field: js, raw: `{"a":`, state: Invalid, json: `"{\"a\":"`, rule: "type"},
		{name: "text after the document", field: js, raw: `{} {}`, state: Invalid, json: `"{} {}"`, rule: "type"},
		{name: "a number is not a document", field: js, raw: json.Number("1"), state: Invalid, json: `"1"`, rule: "type"},
		{name: "a bool is not a document", field: js, raw: true, state: Invalid, json: `"true"`, rule: "type"},
	})
}
