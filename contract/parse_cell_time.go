package contract

import (
	"strings"
	"time"
)

// appendTimestampCell reads a date-time notation as parseTimestamp does and
// formats it into dst; unix seconds go the slow way.
func (f *Field) appendTimestampCell(dst []byte, s string) ([]byte, State, bool) {
	s = strings.TrimSpace(s)
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

// appendUTCTimestamp writes YYYY-MM-DD{T|t| }HH:MM:SS[.frac][Z|z] without
// going through time.Time, when the precision divides a second: flooring
// then touches only the fraction.
func (f *Field) appendUTCTimestamp(dst []byte, s string) ([]byte, bool) {
	prec := int(f.Precision)
	if prec <= 0 {
		prec = int(time.Microsecond)
	}
	if len(s) < 19 || int(time.Second)%prec != 0 || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':' {
		return dst, false
	}
	if c := s[10]; c != 'T' && c != 't' && c != ' ' {
		return dst, false
	}
	year, ok1 := digitsAt(s, 0, 4)
	month, ok2 := digitsAt(s, 5, 2)
	day, ok3 := digitsAt(s, 8, 2)
	hour, ok4 := digitsAt(s, 11, 2)
	minute, ok5 := digitsAt(s, 14, 2)
	sec, ok6 := digitsAt(s, 17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 ||
		day < 1 || day > monthDays(year, month) || hour > 23 || minute > 59 || sec > 59 {
		return dst, false
	}
	digits, rest := fractionDigits(s[19:])
	if rest != "" && rest != "Z" && rest != "z" {
		return dst, false
	}
	dst = append(dst, '"')
	dst = append(dst, s[:10]...)
	dst = append(dst, 'T')
	dst = append(dst, s[11:19]...)
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
	for d, p := 9, 1; d >= 0; d, p = d-1, p*10 {
		if prec == p {
			return d, true
		}
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
