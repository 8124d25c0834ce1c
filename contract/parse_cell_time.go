package contract

import (
	"encoding/binary"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

// AppendTimestampCell is AppendCell for a timestamp field f: it reads a
// date-time notation as parseTimestamp does and formats it into dst; unix
// seconds go the slow way.
func (f *Field) AppendTimestampCell(dst []byte, s string) ([]byte, State, bool) {
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
	keep, pow10 := precisionDigits(prec)
	if len(s) < 19 || (!pow10 && int(time.Second)%prec != 0) || !dateTimeShape(s) {
		return dst, false
	}
	// Two digits read as a big-endian pair of bytes order as their
	// number does: the month is 01 to 12, the day 01 to 31, the hour 00
	// to 23, the minute and second below 60.
	month, day := digitPair(s[5:]), digitPair(s[8:])
	if month-0x3031 > 0x3132-0x3031 || day-0x3031 > 0x3331-0x3031 || digitPair(s[11:]) > 0x3233 || s[14] > '5' || s[17] > '5' {
		return dst, false
	}
	if day >= 0x3239 {
		// 29 to 31: the month and the year decide.
		year := 100*twoDigits(s[0], s[1]) + twoDigits(s[2], s[3])
		if twoDigits(s[8], s[9]) > monthDays(year, twoDigits(s[5], s[6])) {
			return dst, false
		}
	}
	digits, rest := fractionDigits(s[19:])
	if len(rest) > 1 || (len(rest) == 1 && rest[0]|0x20 != 'z') {
		return dst, false
	}
	at := len(dst) + 11
	dst = append(append(dst, '"'), s[:19]...)
	dst[at] = 'T'
	if pow10 {
		// Flooring to a power of ten keeps the first digits.
		if digits = trimZeros(digits[:min(len(digits), keep)]); digits != "" {
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
// YYYY-MM-DD{T|t| }HH:MM:SS, each letter a digit. It reads three words,
// YYYY-MM-, DD?HH:MM and HH:MM:SS (overlapping the second), and checks
// each word's digits and separators at once.
func dateTimeShape(s string) bool {
	_ = s[18]
	if s[10] != 'T' && s[10] != 't' && s[10] != ' ' {
		return false
	}
	b := unsafe.Slice(unsafe.StringData(s), 19)
	w0 := binary.LittleEndian.Uint64(b[0:])  // YYYY-MM-
	w1 := binary.LittleEndian.Uint64(b[8:])  // DD?HH:MM
	w2 := binary.LittleEndian.Uint64(b[11:]) // HH:MM:SS
	return wordDigits(w0, 0x00ffff00ffffffff) && w0&0xff0000ff00000000 == 0x2d00002d00000000 &&
		wordDigits(w1, 0xffff00ffff00ffff) && w1&0x0000ff0000000000 == 0x00003a0000000000 &&
		wordDigits(w2, 0xffff000000000000) && w2&0x0000ff0000000000 == 0x00003a0000000000
}

// wordDigits reports whether each byte of w that mask has as 0xff is an
// ASCII digit: below 0x80, so that adding to it carries into no other
// byte; then 0x30 and up (adding 0x50 sets its top bit) and below 0x3a
// (adding 0x46 does not).
func wordDigits(w, mask uint64) bool {
	const highs = 0x8080808080808080
	t, ones := w&mask, mask&0x0101010101010101
	return t&highs == 0 && (t+0x50*ones)&highs == mask&highs && (t+0x46*ones)&highs == 0
}

// digitPair is the first two bytes of s as a big-endian number.
func digitPair(s string) uint16 { return uint16(s[0])<<8 | uint16(s[1]) }

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
