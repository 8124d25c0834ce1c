package contract

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// parseCollection reads a set or list: a JSON array, a string holding a
// JSON array (as MySQL/MariaDB JSON columns, PostgreSQL json columns and
// exporters' CSV cells give one), or any other scalar's text split on ";".
// Members are strings (numbers and bools as their literal text), normalized
// by the field's normalizers; empty members (also those empty_is_null makes
// null, and nulls in an array) are dropped. A set is sorted with duplicates
// removed; a list keeps order and duplicates. An empty collection is null.
// A JSON or YAML "" is not a collection but a type violation, as for every
// type but string (SPEC's rule for empty values); an empty CSV cell never
// gets here (Parse makes it null).
func (f *Field) parseCollection(raw any) Value {
	if s, ok := raw.(string); ok && s == "" {
		return notA(raw, "a "+f.Type.String(), ": \"\" is not a collection; use [] or null for an empty one")
	}
	var members []string
	if arr, ok := arrayOf(raw); ok {
		var bad *Value
		if members, bad = f.arrayMembers(raw, arr); bad != nil {
			return *bad
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

// HoldsJSONArray reports whether s, read as a set or list, is a JSON array
// rather than text split on ";". Writers that join members with ";" use it
// to write such a join as a JSON array instead, so it reads back the same.
func HoldsJSONArray(s string) bool {
	_, ok := arrayOf(s)
	return ok
}

// arrayOf returns raw as an array: raw itself when it is one, or the array
// a string holds when the whole string is one valid JSON array. A string
// that is not (`[a;b]`, `[1,`) is no array and is split on ";".
func arrayOf(raw any) ([]any, bool) {
	if arr, ok := raw.([]any); ok {
		return arr, true
	}
	s, ok := textOf(raw)
	if !ok || !strings.HasPrefix(strings.TrimLeft(s, " \t\r\n"), "[") {
		return nil, false
	}
	doc, err := decodeJSONText(s)
	if err != nil {
		return nil, false
	}
	arr, ok := doc.([]any)
	return arr, ok
}

// arrayMembers reads the members of an array; bad is the type violation
// when one is not a scalar (a nested array or object) or not UTF-8.
func (f *Field) arrayMembers(raw any, arr []any) (members []string, bad *Value) {
	members = make([]string, 0, len(arr))
	for _, m := range arr {
		if m == nil {
			continue
		}
		s, ok := scalarText(m)
		if !ok {
			v := notA(raw, "a "+f.Type.String(), ": members must be strings, numbers or bools")
			return nil, &v
		}
		if !utf8.ValidString(s) {
			v := notUTF8(raw, s)
			return nil, &v
		}
		members = f.appendMember(members, s)
	}
	return members, nil
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
