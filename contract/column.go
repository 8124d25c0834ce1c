package contract

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// ColumnKind says how a Column holds a database value, and so which raw
// value (see Record) it stands for.
type ColumnKind uint8

// Column kinds.
const (
	ColNull    ColumnKind = iota // SQL NULL: nil
	ColString                    // Text: a string
	ColBytes                     // Text: binary data, []byte
	ColInt                       // Text: a base-10 integer, int64 (beyond 64 bits, as ColDecimal)
	ColDecimal                   // Text: a decimal as the database prints it, json.Number (see DecimalRaw)
	ColFloat                     // Float: a double, float64
	ColBool                      // Bool: a boolean
	ColTime                      // Time: a timestamp, time.Time in UTC
	ColValue                     // Value: any other raw value
	ColCell                      // Text: a CSV-like cell, Cell (empty is null but for strings)
)

// Column is one value of a database row as its driver gave it, without
// a boxed Go value for the common types: the Record.Columns form. Text may
// share memory the source reuses for its next row.
type Column struct {
	Kind  ColumnKind
	Text  []byte
	Float float64
	Bool  bool
	Time  time.Time
	Value any
}

// Raw returns the raw value (one of Record's types) that c stands for.
// It allocates; the scan's hot path reads the column with AppendColumn.
func (c *Column) Raw() any {
	switch c.Kind {
	case ColString:
		return string(c.Text)
	case ColBytes:
		return append([]byte{}, c.Text...)
	case ColInt:
		if n, err := strconv.ParseInt(string(c.Text), 10, 64); err == nil {
			return n
		}
		return DecimalRaw(string(c.Text))
	case ColDecimal:
		return DecimalRaw(string(c.Text))
	case ColFloat:
		return c.Float
	case ColBool:
		return c.Bool
	case ColTime:
		return c.Time.UTC()
	case ColValue:
		return c.Value
	case ColCell:
		return Cell(c.Text)
	}
	return nil
}

// DecimalRaw is the raw value of a database decimal's text: a json.Number
// when it is a decimal literal, and else the text as a string (NaN,
// Infinity), which the contract reports as invalid with its text. The
// common form, [-]digits[.digits], is checked on the bytes.
func DecimalRaw(s string) any {
	t := strings.TrimSpace(s)
	if plainDecimal(t) {
		return json.Number(t)
	}
	if t == "" || strings.ContainsAny(t, "xXpP_") {
		return s
	}
	if _, ok := new(big.Rat).SetString(t); !ok {
		return s
	}
	return json.Number(t)
}

// plainDecimal reports whether s is [-]digits[.digits].
func plainDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	point := strings.IndexByte(s, '.')
	intPart, frac := s, "1"
	if point >= 0 {
		intPart, frac = s[:point], s[point+1:]
	}
	return allDigits(intPart) && allDigits(frac)
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
