// Package sourceutil holds helpers shared by the source plugins: canonical
// values as text, dotted paths into decoded objects, and keys.
package sourceutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// Texter renders canonical values as text, for stores that keep every
// value as a string (a CSV cell, a redis hash field). Its fields only word
// the error for a member that cannot be joined.
type Texter struct {
	// Holder names what holds the joined members: "a cell".
	Holder string
	// Refusal ends that error, saying what cannot be done with the value.
	Refusal string
	// JSON encodes the values that have no plain text; JSONText when nil.
	JSON func(v any) (string, error)
}

// Text renders v: null as "", strings as they are, numbers as their literal
// text, bools as true or false, set and list members joined with ";", and
// anything else as JSON.
func (t Texter) Text(f *contract.Field, v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case json.Number:
		return string(x), nil
	case bool:
		return strconv.FormatBool(x), nil
	case []any:
		if f.Type == contract.TypeSet || f.Type == contract.TypeList {
			return t.join(f, x)
		}
	}
	if t.JSON != nil {
		return t.JSON(v)
	}
	return JSONText(v)
}

// join joins set or list members with ";", refusing a member that holds
// ";" itself: read back, it would become two members. A join that would
// read back as a JSON array (one member `[1]`) is written as the JSON
// array of the members instead.
func (t Texter) join(f *contract.Field, members []any) (string, error) {
	parts := make([]string, len(members))
	for i, m := range members {
		s, err := t.Text(f, m)
		if err != nil {
			return "", err
		}
		if strings.Contains(s, ";") {
			return "", fmt.Errorf("field %q: member %q contains \";\", which separates members in %s; %s", f.Name, s, t.Holder, t.Refusal)
		}
		parts[i] = s
	}
	joined := strings.Join(parts, ";")
	if contract.HoldsJSONArray(joined) {
		// Read back, it would be that array, not these members.
		return JSONText(parts)
	}
	return joined, nil
}

// JSONText encodes v as compact JSON with sorted keys, numbers as their
// literal text, and no HTML escaping.
func JSONText(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("cannot write %T as JSON: %w", v, err)
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// IsJSONNumber reports whether s is a JSON number literal.
func IsJSONNumber(s string) bool {
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return false
	}
	var n json.Number
	return json.Unmarshal([]byte(s), &n) == nil
}

// IsNumeric reports whether f holds numbers: int, decimal or float.
func IsNumeric(f *contract.Field) bool {
	return f.Type == contract.TypeInt || f.Type == contract.TypeDecimal || f.Type == contract.TypeFloat
}

// NumberStyled returns the value to store for f in a JSON object whose
// member now holds cur: canonical decimals arrive as strings, so a numeric
// field's value becomes a JSON number, unless the object already stores it
// as a string.
func NumberStyled(f *contract.Field, cur, v any) any {
	text, ok := v.(string)
	if !ok || !IsNumeric(f) || !IsJSONNumber(text) {
		return v
	}
	if _, isString := cur.(string); isString {
		return v
	}
	return json.Number(text)
}
