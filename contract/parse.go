package contract

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"time"
	"unicode/utf8"
)

// Rule names of an Invalid value.
const (
	RuleType = "type"
	RuleEnum = "enum"
)

// Parse turns one raw source value (see Record for the raw Go types) into
// the field's canonical Value: parsed into the declared type, normalized,
// truncated to precision. A value that does not parse is Invalid, keeps its
// raw text, and says why in Rule ("type" or "enum") and Problem. An absent
// value, a null, an empty set or list (and "" after empty_is_null) is Null.
// In CSV and TSV (Cell) an empty cell is null for every type but string.
//
// Besides the raw types of Record, Parse takes Go's other integer types,
// float32, []string and *big.Rat with a finite decimal expansion, so that
// values computed in Go (CEL results, driver values) need no conversion.
func (f *Field) Parse(raw any) Value {
	switch r := raw.(type) {
	case nil:
		return NullValue
	case Literal:
		return f.Parse(f.literal(r))
	case Cell:
		if r == "" && f.Type != TypeString {
			return NullValue
		}
	}
	if w, ok := widen(raw); ok {
		raw = w
	}
	switch f.Type {
	case TypeString:
		return f.parseString(raw)
	case TypeInt:
		return parseInt(raw)
	case TypeDecimal:
		return parseDecimal(raw)
	case TypeFloat:
		return parseFloat(raw)
	case TypeBool:
		return parseBool(raw)
	case TypeTimestamp:
		return f.parseTimestamp(raw)
	case TypeEnum:
		return f.parseEnum(raw)
	case TypeSet, TypeList:
		return f.parseCollection(raw)
	case TypeJSON:
		return parseJSON(raw)
	}
	return invalidValue(RuleType, rawText(raw), "field "+strconv.Quote(f.Name)+" has no known type")
}

// literal picks what a field reads of a Literal: text types its text,
// numeric and other types its number.
func (f *Field) literal(l Literal) any {
	switch f.Type {
	case TypeString, TypeEnum, TypeSet, TypeList:
		return l.Text
	}
	return l.Number
}

// widen maps Go types outside Record's list onto it; ok is false when raw
// is not such a type.
func widen(raw any) (_ any, ok bool) {
	switch r := raw.(type) {
	case int:
		return int64(r), true
	case int32:
		return int64(r), true
	case int16:
		return int64(r), true
	case int8:
		return int64(r), true
	case uint:
		return widenUint(uint64(r)), true
	case uint64:
		return widenUint(r), true
	case uint32:
		return int64(r), true
	case uint16:
		return int64(r), true
	case uint8:
		return int64(r), true
	case float32:
		return json.Number(strconv.FormatFloat(float64(r), 'g', -1, 32)), true
	case []string:
		out := make([]any, len(r))
		for i, s := range r {
			out[i] = s
		}
		return out, true
	case *big.Rat:
		if s, ok := FormatDecimal(r); ok {
			return json.Number(s), true
		}
	}
	return raw, false
}

func widenUint(u uint64) any {
	if u <= 1<<63-1 {
		return int64(u)
	}
	return json.Number(strconv.FormatUint(u, 10))
}

// scalarText is the literal text of a scalar raw value: strings as they
// are, numbers as their literal text, bools as true/false. It reports false
// for arrays, objects and unknown types.
func scalarText(raw any) (string, bool) {
	switch r := raw.(type) {
	case string:
		return r, true
	case Cell:
		return string(r), true
	case json.Number:
		return string(r), true
	case Literal:
		return r.Text, true
	case []byte:
		return string(r), true
	case bool:
		if r {
			return "true", true
		}
		return "false", true
	case int64:
		return strconv.FormatInt(r, 10), true
	case float64:
		return strconv.FormatFloat(r, 'f', -1, 64), true
	case time.Time:
		return r.UTC().Format(time.RFC3339Nano), true
	}
	if w, ok := widen(raw); ok {
		return scalarText(w)
	}
	return "", false
}

// rawText is the text an Invalid value keeps: a scalar's literal text, or
// the compact JSON of an array or object with its numbers as given.
func rawText(raw any) string {
	if s, ok := scalarText(raw); ok {
		return s
	}
	switch raw.(type) {
	case []any, map[string]any:
		if b, ok := appendJSON(nil, raw, false); ok {
			return string(b)
		}
	}
	return fmt.Sprint(raw)
}

// invalidValue builds an Invalid value that keeps raw as its text. A raw
// text that is not valid UTF-8 is kept in its escaped form (see
// escapeInvalidUTF8) in JSON, so that different bytes stay different values.
func invalidValue(rule, raw, problem string) Value {
	return Value{State: Invalid, JSON: quoteJSON(escapeInvalidUTF8(raw)), Native: raw, Rule: rule, Problem: problem}
}

// escapeInvalidUTF8 returns s unchanged when it is valid UTF-8, and else
// the inside of its Go-quoted form: "caf\xe9" for the bytes caf 0xE9. The
// escaped form is readable, valid UTF-8, and distinct for distinct bytes.
func escapeInvalidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// notUTF8 is the type violation of a value whose text, or one of whose
// members, is not valid UTF-8: JSON and YAML text cannot hold it, and
// replacing the bytes would make different values compare equal.
func notUTF8(raw any, text string) Value {
	return invalidValue(RuleType, rawText(raw), shortQuote(text)+" is not valid UTF-8")
}

// notA is the type violation "<raw> is not <what><detail>".
func notA(raw any, what, detail string) Value {
	text := rawText(raw)
	return invalidValue(RuleType, text, shortQuote(text)+" is not "+what+detail)
}

// shortQuote quotes a raw text for a message, cut to a readable length.
func shortQuote(s string) string {
	const limit = 60
	if len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}

// validText is a Valid value whose canonical JSON is the string s.
func validText(s string) Value {
	return Value{State: Valid, JSON: quoteJSON(s), Native: s}
}
