package contract

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// parseInt accepts integer strings (surrounding spaces trimmed, an optional
// sign, leading zeros allowed) and integral numbers. A number is a JSON or
// YAML number literal, int64 or float64: `42.0` and `4.2e1` are 42. A string
// holding "42.0" is not an integer string, so it is not an int. Ints are 64-bit.
func parseInt(raw any) Value {
	switch r := raw.(type) {
	case int64:
		return intValue(r)
	case json.Number:
		return intFromNumber(r)
	case float64:
		if math.IsNaN(r) || math.IsInf(r, 0) {
			break
		}
		if r != math.Trunc(r) {
			return notA(raw, "an int", " (it has a fraction)")
		}
		if r < -(1<<63) || r >= 1<<63 {
			return notA(raw, "an int", " (out of the 64-bit range)")
		}
		return intValue(int64(r))
	default:
		s, ok := textOf(raw)
		if !ok {
			break
		}
		s = strings.TrimSpace(s)
		n, err := strconv.ParseInt(s, 10, 64)
		if err == nil {
			return intValueText(n, s)
		}
		if err.(*strconv.NumError).Err == strconv.ErrRange {
			return notA(raw, "an int", " (out of the 64-bit range)")
		}
	}
	return notA(raw, "an int", "")
}

// intFromNumber reads a number literal that must be integral: 42, 42.0,
// 4.2e1.
func intFromNumber(num json.Number) Value {
	if n, err := strconv.ParseInt(string(num), 10, 64); err == nil {
		return intValueText(n, string(num))
	}
	canon, ok := canonicalDecimal(string(num))
	switch {
	case !ok:
		return notA(num, "an int", "")
	case strings.IndexByte(canon, '.') >= 0:
		return notA(num, "an int", " (it has a fraction)")
	}
	if n, err := strconv.ParseInt(canon, 10, 64); err == nil {
		return intValue(n)
	}
	return notA(num, "an int", " (out of the 64-bit range)")
}

func intValue(n int64) Value {
	return intValueText(n, strconv.FormatInt(n, 10))
}

// intValueText builds an int value from n and the text it was parsed from,
// which becomes the JSON as it is when it is already canonical.
func intValueText(n int64, text string) Value {
	if !canonicalInt(text) {
		text = strconv.FormatInt(n, 10)
	}
	return Value{State: Valid, JSON: text, Num: new(big.Rat).SetInt64(n), Native: n}
}

// canonicalInt reports whether an integer text that strconv.ParseInt
// accepted has no plus sign, no leading zeros and no "-0".
func canonicalInt(s string) bool {
	digits := strings.TrimPrefix(s, "-")
	return s[0] != '+' && (digits[0] != '0' || s == "0")
}

// textOf returns the text of a string-like raw value (string, Cell, []byte).
func textOf(raw any) (string, bool) {
	switch r := raw.(type) {
	case string:
		return r, true
	case Cell:
		return string(r), true
	case []byte:
		return string(r), true
	}
	return "", false
}

// numberText returns the literal text of a number or numeric string, with
// a string's surrounding spaces trimmed. NaN and infinities are refused.
func numberText(raw any) (string, bool) {
	switch r := raw.(type) {
	case json.Number:
		return string(r), true
	case int64:
		return strconv.FormatInt(r, 10), true
	case float64:
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return "", false
		}
		return strconv.FormatFloat(r, 'g', -1, 64), true
	}
	s, ok := textOf(raw)
	return strings.TrimSpace(s), ok
}

// parseDecimal reads the number exactly from its literal text. A float64
// from a database is read as its shortest decimal text (0.1, not
// 0.1000000000000000055511151231257827).
func parseDecimal(raw any) Value {
	text, ok := numberText(raw)
	if !ok {
		return notA(raw, "a decimal", "")
	}
	canon, ok := canonicalDecimal(text)
	if !ok {
		return notA(raw, "a decimal", "")
	}
	r := decimalRat(canon)
	return Value{State: Valid, JSON: `"` + canon + `"`, Num: r, Native: r}
}

// parseFloat reads an IEEE-754 double. Num is the exact value of its
// canonical (shortest) decimal text, so that tolerances behave as they read:
// 100.11 and 100.10 differ by exactly 0.01.
func parseFloat(raw any) Value {
	if r, ok := raw.(float64); ok && !math.IsNaN(r) && !math.IsInf(r, 0) {
		return floatValue(r)
	}
	text, ok := numberText(raw)
	if !ok {
		return notA(raw, "a float", "")
	}
	if _, _, _, _, ok := scanDecimal(text); !ok {
		return notA(raw, "a float", "")
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil && (math.IsInf(v, 0) || math.IsNaN(v)) {
		return notA(raw, "a float", " (out of the double range)")
	}
	return floatValue(v)
}

func floatValue(v float64) Value {
	if v == 0 {
		v = 0 // no negative zero
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	return Value{State: Valid, JSON: s, Num: decimalRat(s), Native: v}
}
