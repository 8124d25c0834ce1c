package contract

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unsafe"
)

// AppendColumn is the allocation-free fast path of Parse for one database
// value: it appends to dst the canonical JSON that Parse(c.Raw()) would
// give and returns its State, reading the driver's text or value in place.
// It takes a cell as AppendCell does, and the common pairs of field type
// and column kind (text, integer, decimal, bool and time columns read as
// the matching type or as a string); for anything else it reports ok
// false, leaves dst as it was, and the caller uses Parse. A Null value
// appends nothing.
func (f *Field) AppendColumn(dst []byte, c *Column) (out []byte, st State, ok bool) {
	if c.Kind == ColNull {
		return dst, Null, true
	}
	text := unsafe.String(unsafe.SliceData(c.Text), len(c.Text))
	switch c.Kind {
	case ColCell:
		return f.AppendCell(dst, text)
	case ColInt:
		if !plainInt(text) {
			return dst, Null, false
		}
	case ColDecimal:
		if !plainDecimal(text) {
			return dst, Null, false
		}
	case ColBool:
		text = strconv.FormatBool(c.Bool)
	}
	switch f.Type {
	case TypeString, TypeEnum:
		return f.appendTextColumn(dst, c.Kind, text)
	case TypeInt:
		if c.Kind == ColInt || c.Kind == ColString {
			return AppendIntCell(dst, text)
		}
	case TypeDecimal:
		if c.Kind == ColInt || c.Kind == ColDecimal || c.Kind == ColString {
			return AppendDecimalCell(dst, text)
		}
	case TypeBool:
		return appendBoolColumn(dst, c.Kind, text)
	case TypeTimestamp:
		return f.appendTimeColumn(dst, c, text)
	case TypeFloat:
		if v := c.Float; c.Kind == ColFloat && !math.IsNaN(v) && !math.IsInf(v, 0) {
			if v == 0 {
				v = 0 // no negative zero, as floatValue
			}
			return strconv.AppendFloat(dst, v, 'f', -1, 64), Valid, true
		}
	}
	return dst, Null, false
}

// plainInt reports whether s is an integer as strconv.FormatInt writes
// one, of at most 18 digits: what AppendIntCell takes.
func plainInt(s string) bool {
	digits := strings.TrimPrefix(s, "-")
	return len(digits) <= 18 && allDigits(digits) && (digits[0] != '0' || s == "0")
}

// appendTextColumn reads a value as a string or enum: the text of a text,
// integer, decimal or bool column, as the string Parse would take.
func (f *Field) appendTextColumn(dst []byte, k ColumnKind, text string) ([]byte, State, bool) {
	switch k {
	case ColString, ColInt, ColDecimal, ColBool:
		return f.AppendTextCell(dst, text)
	}
	return dst, Null, false
}

func appendBoolColumn(dst []byte, k ColumnKind, text string) ([]byte, State, bool) {
	switch k {
	case ColBool, ColString, ColInt:
		b, ok := boolFromText(strings.TrimSpace(text))
		if !ok {
			return dst, Null, false
		}
		if b {
			return append(dst, "true"...), Valid, true
		}
		return append(dst, "false"...), Valid, true
	}
	return dst, Null, false
}

// appendTimeColumn reads a time column as parseTimestamp reads a
// time.Time, and a text column as AppendTimestampCell does.
func (f *Field) appendTimeColumn(dst []byte, c *Column, text string) ([]byte, State, bool) {
	switch c.Kind {
	case ColString:
		return f.AppendTimestampCell(dst, text)
	case ColTime:
		prec := f.Precision
		if prec <= 0 {
			prec = time.Microsecond
		}
		t := c.Time.UTC().Truncate(prec)
		if sec := t.Unix(); sec < minUnix || sec > maxUnix {
			return dst, Null, false
		}
		dst = append(dst, '"')
		dst = t.AppendFormat(dst, time.RFC3339Nano)
		return append(dst, '"'), Valid, true
	}
	return dst, Null, false
}
