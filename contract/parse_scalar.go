package contract

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseString takes any scalar as its literal text (`42`, `true`), then
// normalizes it. Arrays and objects are not strings.
func (f *Field) parseString(raw any) Value {
	s, ok := scalarText(raw)
	if !ok {
		return notA(raw, "a string", ": arrays and objects are not scalars")
	}
	if !utf8.ValidString(s) {
		return notUTF8(raw, s)
	}
	s, null := normalize(f.Normalize, s)
	if null {
		return NullValue
	}
	return validText(s)
}

// parseEnum normalizes the value first, then checks it against the
// declared values; null (also after empty_is_null) is left to `required`.
// Like any non-string type, an empty string is a type violation, unless ""
// is one of the values.
func (f *Field) parseEnum(raw any) Value {
	s, ok := scalarText(raw)
	if !ok {
		return notA(raw, "an enum value", ": arrays and objects are not scalars")
	}
	if !utf8.ValidString(s) {
		return notUTF8(raw, s)
	}
	s, null := normalize(f.Normalize, s)
	if null {
		return NullValue
	}
	for _, v := range f.Values {
		if v == s {
			return validText(s)
		}
	}
	if s == "" {
		return notA(raw, "an enum value", ": an empty string is not null")
	}
	return invalidValue(RuleEnum, rawText(raw),
		shortQuote(s)+" is not one of the values of "+strconv.Quote(f.Name)+": "+strings.Join(f.Values, ", "))
}

var (
	trueValue  = Value{State: Valid, JSON: "true", Native: true}
	falseValue = Value{State: Valid, JSON: "false", Native: false}
)

// parseBool accepts true/false and, as text (surrounding spaces trimmed,
// any letter case), "true"/"false", "1"/"0", "yes"/"no" and "t"/"f"; the
// numbers 1 and 0 too.
func parseBool(raw any) Value {
	switch r := raw.(type) {
	case bool:
		if r {
			return trueValue
		}
		return falseValue
	case int64:
		if r == 0 || r == 1 {
			return boolValue(r == 1)
		}
	case float64:
		if r == 0 || r == 1 {
			return boolValue(r == 1)
		}
	default:
		if s, ok := scalarText(raw); ok {
			if b, ok := boolFromText(strings.TrimSpace(s)); ok {
				return boolValue(b)
			}
		}
	}
	return notA(raw, "a bool", " (use true/false, 1/0, yes/no or t/f)")
}

func boolValue(b bool) Value {
	if b {
		return trueValue
	}
	return falseValue
}

func boolFromText(s string) (value, ok bool) {
	switch {
	case s == "1", strings.EqualFold(s, "true"), strings.EqualFold(s, "yes"), strings.EqualFold(s, "t"):
		return true, true
	case s == "0", strings.EqualFold(s, "false"), strings.EqualFold(s, "no"), strings.EqualFold(s, "f"):
		return false, true
	}
	return false, false
}
