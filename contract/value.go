package contract

import (
	"encoding/json"
	"math/big"
)

// State says whether a value is null, parsed, or kept raw because it did
// not parse.
type State uint8

// Value states.
const (
	Null State = iota
	Valid
	Invalid
)

// Value is one parsed, normalized field value in canonical form.
//
// JSON is the canonical JSON text of the value, as reports and plans print
// it: strings, enums, decimals and timestamps as JSON strings ("12.5",
// "2024-05-01T10:00:00Z"), ints and floats as JSON numbers, bools as
// true/false, sets (sorted) and lists as arrays of strings, json values with
// sorted keys, and null as `null`. An Invalid value holds its raw text as a
// JSON string. Two values without tolerance are equal exactly when State and
// JSON are equal.
type Value struct {
	State State
	JSON  string
	// Num is the exact number of an int, decimal or float value (nil
	// otherwise; for a float, the number its shortest decimal text reads);
	// tolerance comparisons and numeric ordering use it.
	Num *big.Rat
	// Native is the typed value for CEL rules: string, int64, *big.Rat
	// (decimal), float64, bool, time.Time, []string (set, list) or the
	// decoded json (map[string]any, []any with json.Number numbers). An
	// Invalid value's Native is its raw text. Num and Native are shared, not
	// copied: treat them as read-only.
	Native any
	// Rule and Problem explain an Invalid value: Rule is "type" or "enum",
	// Problem a readable reason such as `"abc" is not an int`.
	Rule    string
	Problem string
}

// IsNull reports whether v is null (or absent, or an empty collection).
func (v Value) IsNull() bool { return v.State == Null }

// NullValue is the value of an absent field.
var NullValue = Value{State: Null, JSON: "null"}

// Decode returns the canonical value as a plain Go value, for writers: nil
// for null, string for JSON strings (strings, enums, decimals, timestamps
// and Invalid raw text), json.Number for ints and floats, bool, and []any or
// map[string]any (numbers as json.Number) for sets, lists and json.
// Parsing the result with the same field gives back an equal value.
func (v Value) Decode() any {
	j := v.JSON
	if v.State == Null || j == "" || j == "null" {
		return nil
	}
	switch j[0] {
	case '"':
		return unquoteJSON(j)
	case 't':
		return true
	case 'f':
		return false
	case '[', '{':
		doc, err := decodeJSONText(j)
		if err != nil {
			return j
		}
		return doc
	}
	return json.Number(j)
}
