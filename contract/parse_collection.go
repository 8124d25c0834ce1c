package contract

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// parseCollection reads a set or list: a JSON array, or any scalar's text
// split on ";". Members are strings (numbers and bools as their literal
// text), normalized by the field's normalizers; empty members (also those
// empty_is_null makes null, and nulls in an array) are dropped. A set is
// sorted with duplicates removed; a list keeps order and duplicates. An
// empty collection is null. A JSON or YAML "" is not a collection but a
// type violation, as for every type but string (SPEC's rule for empty
// values); an empty CSV cell never gets here (Parse makes it null).
func (f *Field) parseCollection(raw any) Value {
	if s, ok := raw.(string); ok && s == "" {
		return notA(raw, "a "+f.Type.String(), ": \"\" is not a collection; use [] or null for an empty one")
	}
	var members []string
	if arr, ok := raw.([]any); ok {
		members = make([]string, 0, len(arr))
		for _, m := range arr {
			if m == nil {
				continue
			}
			s, ok := scalarText(m)
			if !ok {
				return notA(raw, "a "+f.Type.String(), ": members must be strings, numbers or bools")
			}
			if !utf8.ValidString(s) {
				return notUTF8(raw, s)
			}
			members = f.appendMember(members, s)
		}
	} else {
		text, ok := scalarText(raw)
		if !ok {
			return notA(raw, "a "+f.Type.String(), ": use a JSON array or a string split on \";\"")
		}
		if !utf8.ValidString(text) {
			return notUTF8(raw, text)
		}
		members = make([]string, 0, strings.Count(text, ";")+1)
		for part := range strings.SplitSeq(text, ";") {
			members = f.appendMember(members, part)
		}
	}
	if len(members) == 0 {
		return NullValue
	}
	if f.Type == TypeSet {
		slices.Sort(members)
		members = slices.Compact(members)
	}
	return Value{State: Valid, JSON: stringsJSON(members), Native: members}
}

// appendMember normalizes one member and appends it unless it is empty.
func (f *Field) appendMember(members []string, s string) []string {
	s, null := normalize(f.Normalize, s)
	if null || s == "" {
		return members
	}
	return append(members, s)
}

// stringsJSON writes a JSON array of strings.
func stringsJSON(members []string) string {
	n := 2
	for _, m := range members {
		n += len(m) + 3
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, m := range members {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, m)
	}
	return string(append(b, ']'))
}
