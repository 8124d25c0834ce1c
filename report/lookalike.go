package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Lookalike text: two keys that differ only in Unicode normalization (NFC
// "café" and NFD "cafe" + U+0301) or by an invisible character look the
// same on screen, so a table would show two identical rows that drift
// cannot match. Text that is not in NFC, or that holds an invisible
// character, is shown as a JSON string with the characters that make it
// look like another escaped as \uXXXX: every invisible character, each
// letter together with its combining marks where that cluster is not NFC,
// and a combining mark with no letter before it.
// NFC text without invisible characters, in any script, is shown as is.

// lookalike reports whether s could look like a different text.
func lookalike(s string) bool {
	return strings.IndexFunc(s, invisible) >= 0 || !norm.NFC.IsNormalString(s)
}

// invisible reports whether r shows as nothing, or as a plain space when
// it is not one: controls, format characters (zero-width space, joiners,
// direction marks, BOM), spaces other than U+0020, variation selectors and
// other default-ignorable code points.
func invisible(r rune) bool {
	if r == ' ' {
		return false
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zs, unicode.Zl, unicode.Zp,
		unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
}

// escapeLookalike escapes, in JSON text s (a string literal, or an array
// or object whose strings may hold such text), the characters that make it
// look like another text. When no single cluster is to blame (Hangul jamo
// that compose together), every non-ASCII character is escaped.
func escapeLookalike(s string) string {
	var b strings.Builder
	escaped := false
	for i := 0; i < len(s); {
		n := clusterLen(s[i:])
		c := s[i : i+n]
		first, _ := utf8.DecodeRuneInString(c)
		if unicode.Is(unicode.M, first) || strings.IndexFunc(c, invisible) >= 0 || !norm.NFC.IsNormalString(c) {
			writeEscaped(&b, c, func(rune) bool { return true })
			escaped = true
		} else {
			b.WriteString(c)
		}
		i += n
	}
	if !escaped {
		b.Reset()
		writeEscaped(&b, s, func(r rune) bool { return r >= utf8.RuneSelf })
	}
	return b.String()
}

// clusterLen is the length of the first character of s with the combining
// marks that follow it; JSON's own punctuation is a cluster of its own.
func clusterLen(s string) int {
	if strings.IndexByte(`"[]{},:`, s[0]) >= 0 {
		return 1 // JSON syntax, never escaped
	}
	_, n := utf8.DecodeRuneInString(s)
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !unicode.Is(unicode.M, r) {
			break
		}
		n += size
	}
	return n
}

// writeEscaped writes s with the runes that esc selects as JSON \u escapes
// (a surrogate pair above U+FFFF).
func writeEscaped(b *strings.Builder, s string, esc func(rune) bool) {
	for _, r := range s {
		switch {
		case !esc(r):
			b.WriteRune(r)
		case r > 0xFFFF:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(b, `\u%04x\u%04x`, r1, r2)
		default:
			fmt.Fprintf(b, `\u%04x`, r)
		}
	}
}
