package contract

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Timestamps are kept to the years 0000-9999, the range RFC 3339 can write.
const (
	minUnix = -62167219200 // 0000-01-01T00:00:00Z
	maxUnix = 253402300799 // 9999-12-31T23:59:59Z
)

const timestampHelp = ` (use RFC 3339, "YYYY-MM-DD HH:MM:SS[.fff]" or unix seconds)`

// parseTimestamp accepts RFC 3339 with a `T` or a space between date and
// time, with or without an offset (none means UTC), unix seconds as a number
// or numeric string (with an exact fraction), and time.Time. The instant is
// floored to the field's precision and written as RFC 3339 in UTC.
func (f *Field) parseTimestamp(raw any) Value {
	t, ok := timestampOf(raw)
	if !ok {
		return notA(raw, "a timestamp", timestampHelp)
	}
	prec := f.Precision
	if prec <= 0 {
		prec = time.Microsecond
	}
	t = t.UTC().Truncate(prec)
	if sec := t.Unix(); sec < minUnix || sec > maxUnix {
		return notA(raw, "a timestamp", " (years 0000 to 9999 only)")
	}
	var buf [48]byte
	b := append(buf[:0], '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	return Value{State: Valid, JSON: string(b), Native: t}
}

func timestampOf(raw any) (time.Time, bool) {
	switch r := raw.(type) {
	case time.Time:
		return r, true
	case int64:
		if r < minUnix || r > maxUnix {
			return time.Time{}, false
		}
		return time.Unix(r, 0), true
	case float64:
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return time.Time{}, false
		}
		return unixFromText(strconv.FormatFloat(r, 'g', -1, 64))
	case json.Number:
		return unixFromText(string(r))
	}
	s, ok := textOf(raw)
	if !ok {
		return time.Time{}, false
	}
	s = strings.TrimSpace(s)
	if len(s) >= 10 && s[4] == '-' {
		return dateTimeFromText(s)
	}
	return unixFromText(s)
}

// unixFromText reads unix seconds exactly from decimal text and floors them
// to the nanosecond.
func unixFromText(s string) (time.Time, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < minUnix || n > maxUnix {
			return time.Time{}, false
		}
		return time.Unix(n, 0), true
	}
	canon, ok := canonicalDecimal(s)
	if !ok {
		return time.Time{}, false
	}
	r := decimalRat(canon)
	ns := new(big.Int).Mul(r.Num(), big.NewInt(1e9))
	ns.Div(ns, r.Denom()) // Euclidean division by a positive denominator floors
	sec, frac := new(big.Int).DivMod(ns, big.NewInt(1e9), new(big.Int))
	if !sec.IsInt64() || sec.Int64() < minUnix || sec.Int64() > maxUnix {
		return time.Time{}, false
	}
	return time.Unix(sec.Int64(), frac.Int64()), true
}

// dateTimeFromText reads YYYY-MM-DD{T|t| }HH:MM:SS[.frac][Z|z|±HH:MM|±HHMM|±HH].
// Fraction digits beyond the nanosecond are dropped, which floors.
func dateTimeFromText(s string) (time.Time, bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	if c := s[10]; c != 'T' && c != 't' && c != ' ' {
		return time.Time{}, false
	}
	year, ok1 := digitsAt(s, 0, 4)
	month, ok2 := digitsAt(s, 5, 2)
	day, ok3 := digitsAt(s, 8, 2)
	hour, ok4 := digitsAt(s, 11, 2)
	minute, ok5 := digitsAt(s, 14, 2)
	sec, ok6 := digitsAt(s, 17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 ||
		day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	nsec, rest := fractionAt(s[19:])
	offset, ok := offsetOf(rest)
	if !ok {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	return t.Add(-time.Duration(offset) * time.Second), true
}

// fractionAt reads an optional ".digits" and returns nanoseconds and the rest.
func fractionAt(s string) (int, string) {
	if len(s) < 2 || s[0] != '.' || !isASCIIDigit(s[1]) {
		return 0, s
	}
	ns, i := 0, 1
	for ; i < len(s) && isASCIIDigit(s[i]); i++ {
		if i <= 9 {
			ns = ns*10 + int(s[i]-'0')
		}
	}
	for d := i; d <= 9; d++ {
		ns *= 10
	}
	return ns, s[i:]
}

// offsetOf reads a zone designator in seconds east of UTC; "" is UTC.
func offsetOf(s string) (int, bool) {
	switch {
	case s == "" || s == "Z" || s == "z":
		return 0, true
	case s[0] != '+' && s[0] != '-':
		return 0, false
	}
	var h, m int
	var ok bool
	switch len(s) {
	case 3: // +HH
		h, ok = digitsAt(s, 1, 2)
	case 5: // +HHMM
		h, ok = digitsAt(s, 1, 2)
		var okm bool
		m, okm = digitsAt(s, 3, 2)
		ok = ok && okm
	case 6: // +HH:MM
		h, ok = digitsAt(s, 1, 2)
		var okm bool
		m, okm = digitsAt(s, 4, 2)
		ok = ok && okm && s[3] == ':'
	}
	if !ok || h > 23 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

func digitsAt(s string, at, n int) (int, bool) {
	v := 0
	for i := at; i < at+n; i++ {
		if !isASCIIDigit(s[i]) {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
