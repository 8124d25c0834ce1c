package contract

import (
	"encoding/json"
	"unicode/utf8"
)

const jsonHex = "0123456789abcdef"

// quoteJSON returns s as a JSON string literal, escaped the way
// encoding/json escapes with HTML escaping off: quotes, backslashes, control
// characters, U+2028 and U+2029. Invalid UTF-8 becomes the character U+FFFD
// itself (not an escape), so quoting the decoded text again gives the same
// literal.
func quoteJSON(s string) string {
	if jsonSafe(s) {
		return `"` + s + `"`
	}
	return string(appendJSONString(make([]byte, 0, len(s)+8), s))
}

// jsonSafe reports whether s is printable ASCII without '"' or '\\', so it
// needs no escaping.
func jsonSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// appendJSONString appends s as a JSON string literal to dst.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendEscapedByte(dst, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\uFFFD"...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', jsonHex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func appendEscapedByte(dst []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&0xF])
}

// unquoteJSON decodes a JSON string literal. Literals without escapes are
// sliced, not copied.
func unquoteJSON(q string) string {
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		return q
	}
	inner := q[1 : len(q)-1]
	for i := 0; i < len(inner); i++ {
		if inner[i] == '\\' {
			var s string
			if json.Unmarshal([]byte(q), &s) != nil {
				return inner
			}
			return s
		}
	}
	return inner
}
