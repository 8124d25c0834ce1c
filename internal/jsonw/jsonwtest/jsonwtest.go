// Package jsonwtest draws the strings and raw JSON values that tests of a
// hand-written JSON writer hold to encoding/json.
package jsonwtest

import (
	"encoding/json"

	"pgregory.net/rapid"
)

// Raw are raw JSON values of every shape: plain scalars written as they
// are, values encoding/json compacts, indents or keeps with their escapes,
// values it refuses, and pieces that are JSON only beside one another.
var Raw = []string{
	`0`, `-0`, `12.50`, `-3.25`, `1e5`, `-1.5E-3`, `01`, `true`, `false`, `null`,
	`"plain"`, `""`, `"tab\there"`, `"quote \" inside"`, `"é"`, `"a<b>&c"`, "\"\u2028\"",
	`{}`, `[]`, `{"a":1}`, `{ "a" : [1, {"b": null}], "c": "x" }`, `[1,2,[3,[]]]`, ` 7 `, "\t\"x\"\n", `{`, `1 2`,
	// Not JSON alone, but JSON in the object a Marshaler writes them into:
	// encoding/json judges the object, not the value.
	`1,"b":2`, `1,"b":{"c":[3]}`, `{"q":1`, `2}`,
}

// Value draws one of Raw.
func Value(t *rapid.T, label string) json.RawMessage {
	return json.RawMessage(rapid.SampledFrom(Raw).Draw(t, label))
}

// Text draws a string: empty, plain, or with bytes encoding/json escapes
// (control bytes, quotes, HTML's <, > and &, invalid UTF-8).
func Text(t *rapid.T, label string) string {
	return rapid.OneOf(
		rapid.Just(""),
		rapid.StringMatching(`[a-z0-9_.-]{1,12}`),
		rapid.String(),
		rapid.Map(rapid.SliceOfN(rapid.Byte(), 0, 8), func(b []byte) string { return string(b) }),
	).Draw(t, label)
}
