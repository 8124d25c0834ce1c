package contract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalize applies trim, lower, upper and collapse_spaces in the order the
// field lists them. empty_is_null judges the final text wherever it is
// listed, so that normalizing twice gives what normalizing once does: with
// [empty_is_null, trim], "  " is null. Invalid UTF-8 is first replaced by
// U+FFFD, as canonical JSON would write it.
func normalize(norms []Normalizer, s string) (out string, null bool) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	emptyIsNull := false
	for _, n := range norms {
		switch n {
		case NormTrim:
			s = strings.TrimSpace(s)
		case NormLower:
			s = strings.ToLower(s)
		case NormUpper:
			s = strings.ToUpper(s)
		case NormCollapseSpaces:
			s = collapseSpaces(s)
		case NormEmptyIsNull:
			emptyIsNull = true
		}
	}
	if emptyIsNull && s == "" {
		return "", true
	}
	return s, false
}

// collapseSpaces replaces every run of white space (as unicode.IsSpace
// sees it) with one ASCII space. A string without such runs is returned as
// it is, without allocating.
func collapseSpaces(s string) string {
	if !needsCollapse(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	inSpace := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !inSpace {
				b.WriteByte(' ')
			}
			inSpace = true
			continue
		}
		inSpace = false
		b.WriteRune(r)
	}
	return b.String()
}

// needsCollapse reports whether s has white space other than single ASCII
// spaces.
func needsCollapse(s string) bool {
	prevSpace := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			isSpace := c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
			if isSpace && (c != ' ' || prevSpace) {
				return true
			}
			prevSpace = isSpace
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return true
		}
		prevSpace = false
		i += size
	}
	return false
}
