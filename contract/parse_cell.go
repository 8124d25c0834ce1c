package contract

import (
	"strings"
	"time"
)

// AppendCell is the allocation-free fast path of Parse for one CSV or TSV
// cell: it appends to dst the canonical JSON that Parse(Cell(cell)) would
// give and returns its State. It handles the common shapes of string,
// enum, int, decimal, bool and timestamp cells; for anything else (a value
// that would be Invalid, non-ASCII or escaped text, float, set, list, json)
// it reports ok false and leaves dst as it was, and the caller uses Parse.
// A Null value appends nothing.
func (f *Field) AppendCell(dst []byte, cell string) (out []byte, st State, ok bool) {
	if cell == "" && f.Type != TypeString {
		return dst, Null, true
	}
	switch f.Type {
	case TypeString, TypeEnum:
		return f.appendTextCell(dst, cell)
	case TypeInt:
		return appendIntCell(dst, cell)
	case TypeDecimal:
		return appendDecimalCell(dst, cell)
	case TypeBool:
		b, ok := boolFromText(strings.TrimSpace(cell))
		if !ok {
			return dst, Null, false
		}
		if b {
			return append(dst, "true"...), Valid, true
		}
		return append(dst, "false"...), Valid, true
	case TypeTimestamp:
		return f.appendTimestampCell(dst, cell)
	}
	return dst, Null, false
}

// appendTextCell handles printable ASCII without quotes or backslashes,
// where trim, lower, upper and collapse_spaces act on bytes and the JSON
// needs no escaping.
func (f *Field) appendTextCell(dst []byte, s string) ([]byte, State, bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return dst, Null, false
		}
	}
	var lower, upper, emptyIsNull bool
	for _, n := range f.Normalize {
		switch n {
		case NormTrim:
			s = strings.Trim(s, " ")
		case NormLower:
			lower, upper = true, false
		case NormUpper:
			lower, upper = false, true
		case NormCollapseSpaces:
			if strings.Contains(s, "  ") {
				return dst, Null, false
			}
		case NormEmptyIsNull:
			emptyIsNull = true
		}
	}
	if s == "" && (emptyIsNull || f.Type == TypeEnum) {
		if emptyIsNull {
			return dst, Null, true
		}
		return dst, Null, false
	}
	start := len(dst)
	dst = append(dst, '"')
	dst = append(dst, s...)
	for i := start + 1; i < len(dst); i++ {
		switch c := dst[i]; {
		case lower && c >= 'A' && c <= 'Z':
			dst[i] = c + 'a' - 'A'
		case upper && c >= 'a' && c <= 'z':
			dst[i] = c - 'a' + 'A'
		}
	}
	if f.Type == TypeEnum && !f.isEnumValue(dst[start+1:]) {
		return dst[:start], Null, false
	}
	return append(dst, '"'), Valid, true
}

func (f *Field) isEnumValue(b []byte) bool {
	for _, v := range f.Values {
		if v == string(b) {
			return true
		}
	}
	return false
}

// appendIntCell takes an integer already in canonical form: an optional
// minus, no leading zeros, at most 18 digits.
func appendIntCell(dst []byte, s string) ([]byte, State, bool) {
	digits := strings.TrimPrefix(s, "-")
	if len(digits) == 0 || len(digits) > 18 || (digits[0] == '0' && s != "0") {
		return dst, Null, false
	}
	for i := 0; i < len(digits); i++ {
		if !isASCIIDigit(digits[i]) {
			return dst, Null, false
		}
	}
	return append(dst, s...), Valid, true
}

// appendDecimalCell takes [-]digits[.digits] without leading zeros and
// writes it without trailing fraction zeros, as canonicalDecimal would.
func appendDecimalCell(dst []byte, s string) ([]byte, State, bool) {
	body := strings.TrimPrefix(s, "-")
	intPart, frac, hasPoint := strings.Cut(body, ".")
	if intPart == "" || (hasPoint && frac == "") || (intPart[0] == '0' && intPart != "0") {
		return dst, Null, false
	}
	if !allDigits(intPart) || !allDigits(frac) {
		return dst, Null, false
	}
	frac = strings.TrimRight(frac, "0")
	if intPart == "0" && frac == "" {
		return append(dst, `"0"`...), Valid, true
	}
	dst = append(dst, '"')
	dst = append(dst, s[:len(s)-len(body)]...)
	dst = append(dst, intPart...)
	if frac != "" {
		dst = append(dst, '.')
		dst = append(dst, frac...)
	}
	return append(dst, '"'), Valid, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return true
}

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
	nsec, rest := fractionAt(s[19:])
	if rest != "" && rest != "Z" && rest != "z" {
		return dst, false
	}
	nsec -= nsec % prec
	dst = append(dst, '"')
	dst = append(dst, s[:10]...)
	dst = append(dst, 'T')
	dst = append(dst, s[11:19]...)
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
