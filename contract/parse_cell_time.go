package contract

import (
	"strings"
	"time"
	"unicode/utf8"
)

// appendTimestampCell reads a date-time notation as parseTimestamp does and
// formats it into dst; unix seconds go the slow way.
func (f *Field) appendTimestampCell(dst []byte, s string) ([]byte, State, bool) {
	if n := len(s); n > 0 && (edgeMaySpace(s[0]) || edgeMaySpace(s[n-1])) {
		s = strings.TrimSpace(s)
	}
	if len(s) < 10 || s[4] != '-' {
		return dst, Null, false
	}
	if out, ok := f.appendUTCTimestamp(dst, s); ok {
		return out, Valid, true
	}
	t, ok := dateTimeFromText(s)
	if !ok {
		return dst, Null, false
	}
	prec := f.Precision
	if prec <= 0 {
		prec = time.Microsecond
	}
	t = t.UTC().Truncate(prec)
	if sec := t.Unix(); sec < minUnix || sec > maxUnix {
		return dst, Null, false
	}
	dst = append(dst, '"')
	dst = t.AppendFormat(dst, time.RFC3339Nano)
	return append(dst, '"'), Valid, true
}

// edgeMaySpace says whether c, at an end of a text, may belong to white
// space that strings.TrimSpace drops: an ASCII byte up to the space, or
// a byte of a multi-byte rune.
func edgeMaySpace(c byte) bool { return c <= ' ' || c >= utf8.RuneSelf }

// appendUTCTimestamp writes YYYY-MM-DD{T|t| }HH:MM:SS[.frac][Z|z] without
// going through time.Time, when the precision divides a second: flooring
// then touches only the fraction.
func (f *Field) appendUTCTimestamp(dst []byte, s string) ([]byte, bool) {
	prec := int(f.Precision)
	if prec <= 0 {
		prec = int(time.Microsecond)
	}
	if len(s) < 19 || int(time.Second)%prec != 0 || !dateTimeShape(s) {
		return dst, false
	}
	year := 100*twoDigits(s[0], s[1]) + twoDigits(s[2], s[3])
	month, day := twoDigits(s[5], s[6]), twoDigits(s[8], s[9])
	if month < 1 || month > 12 || day < 1 || day > monthDays(year, month) ||
		twoDigits(s[11], s[12]) > 23 || twoDigits(s[14], s[15]) > 59 || twoDigits(s[17], s[18]) > 59 {
		return dst, false
	}
	digits, rest := fractionDigits(s[19:])
	if rest != "" && rest != "Z" && rest != "z" {
		return dst, false
	}
	at := len(dst) + 11
	dst = append(append(dst, '"'), s[:19]...)
	dst[at] = 'T'
	if keep, ok := precisionDigits(prec); ok {
		// Flooring to a power of ten keeps the first digits.
		if digits = strings.TrimRight(digits[:min(len(digits), keep)], "0"); digits != "" {
			dst = append(append(dst, '.'), digits...)
		}
		return append(dst, 'Z', '"'), true
	}
	nsec, _ := fractionAt(s[19:])
	nsec -= nsec % prec
	if nsec > 0 {
		var frac [10]byte
		frac[0] = '.'
		for i, n := 9, nsec; i >= 1; i, n = i-1, n/10 {
			frac[i] = byte('0' + n%10)
		}
		end := len(frac)
		for frac[end-1] == '0' {
			end--
		}
		dst = append(dst, frac[:end]...)
	}
	return append(dst, 'Z', '"'), true
}

// dateTimeShape reports whether s, of 19 bytes or more, starts with
// YYYY-MM-DD{T|t| }HH:MM:SS, each letter a digit.
func dateTimeShape(s string) bool {
	_ = s[18]
	if s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') {
		return false
	}
	acc := nonDigit(s[0]) | nonDigit(s[1]) | nonDigit(s[2]) | nonDigit(s[3]) |
		nonDigit(s[5]) | nonDigit(s[6]) | nonDigit(s[8]) | nonDigit(s[9]) |
		nonDigit(s[11]) | nonDigit(s[12]) | nonDigit(s[14]) | nonDigit(s[15]) |
		nonDigit(s[17]) | nonDigit(s[18])
	return acc&0xf0 == 0
}

// nonDigit has a bit of its top half set unless c is an ASCII digit: a
// digit's top half is 3 before and after adding 6.
func nonDigit(c byte) byte { return (c ^ '0') | ((c + 6) ^ '0') }

// twoDigits is the number two ASCII digits write.
func twoDigits(a, b byte) int { return int(a-'0')*10 + int(b-'0') }

// fractionDigits splits a fraction of a second, "." and digits, from the
// rest of s, as fractionAt reads it; without one, digits is empty.
func fractionDigits(s string) (digits, rest string) {
	if len(s) < 2 || s[0] != '.' || !isASCIIDigit(s[1]) {
		return "", s
	}
	i := 2
	for i < len(s) && isASCIIDigit(s[i]) {
		i++
	}
	return s[1:i], s[i:]
}

// precisionDigits is the number of fraction digits a precision of prec
// nanoseconds keeps, when it is a power of ten up to a second.
func precisionDigits(prec int) (int, bool) {
	switch prec {
	case 1:
		return 9, true
	case 10:
		return 8, true
	case 100:
		return 7, true
	case 1e3:
		return 6, true
	case 1e4:
		return 5, true
	case 1e5:
		return 4, true
	case 1e6:
		return 3, true
	case 1e7:
		return 2, true
	case 1e8:
		return 1, true
	case 1e9:
		return 0, true
	}
	return 0, false
}

// monthDays is the number of days in a month of the proleptic Gregorian
// calendar.
func monthDays(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
