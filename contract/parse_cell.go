package contract

import (
	"encoding/binary"
	"slices"
	"strings"
	"unsafe"
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
		return f.AppendTextCell(dst, cell)
	case TypeInt:
		return AppendIntCell(dst, cell)
	case TypeDecimal:
		return AppendDecimalCell(dst, cell)
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
		return f.AppendTimestampCell(dst, cell)
	}
	return dst, Null, false
}

// CellKind names the reader of AppendCell that takes a field's cells, so
// that a loop over every cell of a file can choose it with a switch of its
// own and call it directly (see diff's fastRow): AppendCell's switch, a
// call of its own, was 3% of reading a file, and a call through a func
// value per cell 3% more.
type CellKind uint8

const (
	CellOther     CellKind = iota // AppendCell
	CellText                      // Field.AppendTextCell
	CellInt                       // AppendIntCell
	CellDecimal                   // AppendDecimalCell
	CellTimestamp                 // Field.AppendTimestampCell
)

// CellKind is the kind of f's cells. A reader of a kind may decline an
// empty cell, which AppendCell reads as null, as it declines what only
// Parse reads.
func (f *Field) CellKind() CellKind {
	switch f.Type {
	case TypeString, TypeEnum:
		return CellText
	case TypeInt:
		return CellInt
	case TypeDecimal:
		return CellDecimal
	case TypeTimestamp:
		return CellTimestamp
	}
	return CellOther
}

// Byte classes of a text cell for AppendTextCell, as bits: printable
// ASCII but the quote and the backslash is plain (0); the quote and the
// backslash are escaped in JSON; control bytes are escaped too, and are
// white space to trim and collapse_spaces; DEL and non-ASCII bytes are
// left to Parse.
const (
	textEscaped = 1 << iota
	textControl
	textOther
)

var textClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c < 0x20:
			t[c] = textEscaped | textControl
		case c == '"' || c == '\\':
			t[c] = textEscaped
		case c >= 0x7f:
			t[c] = textOther
		}
	}
	return t
}()

// textPlain reports whether every byte of s is of class 0 in textClass
// (printable ASCII but the quote and the backslash), eight bytes at a
// time: most text cells are, and need no byte-by-byte look.
func textPlain(s string) bool {
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	if len(b) < 8 {
		for _, c := range b {
			if textClass[c] != 0 {
				return false
			}
		}
		return true
	}
	// Every word is looked at, the last one overlapping the one before:
	// one test at the end instead of one a word.
	var acc uint64
	i := 0
	for ; i+8 <= len(b); i += 8 {
		acc |= special(binary.LittleEndian.Uint64(b[i:]))
	}
	if i < len(b) {
		acc |= special(binary.LittleEndian.Uint64(b[len(b)-8:]))
	}
	return acc == 0
}

// special is zero exactly when every byte of w is of class 0 in textClass:
// it has a top bit set for a byte below 0x20 (the borrow of that byte may
// set one above it too), of 0x80 and up, or equal to the quote, the
// backslash or DEL.
func special(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return ((w-0x20*ones)&^w | w | zeroish(w^'"'*ones) | zeroish(w^'\\'*ones) | zeroish(w^0x7f*ones)) & highs
}

// zeroish has a top bit set when a byte of w is zero (and perhaps above
// it), and is zero when none is.
func zeroish(w uint64) uint64 {
	const ones = 0x0101010101010101
	return (w - ones) &^ w
}

// AppendTextCell is AppendCell for a string or enum field f: it handles
// ASCII text without DEL, where trim, lower, upper and collapse_spaces
// act on bytes: text to escape for JSON (a quote, a backslash, a control
// byte) only when no normalizer needs to see it as white space or change
// its case, and never for an enum.
func (f *Field) AppendTextCell(dst []byte, s string) ([]byte, State, bool) {
	var class uint8
	if !textPlain(s) {
		for i := 0; i < len(s); i++ {
			class |= textClass[s[i]]
		}
	}
	if class&textOther != 0 || (class != 0 && f.Type == TypeEnum) {
		return dst, Null, false
	}
	var lower, upper, emptyIsNull bool
	for _, n := range f.Normalize {
		switch n {
		case NormTrim:
			if class&textControl != 0 {
				return dst, Null, false
			}
			s = strings.Trim(s, " ")
		case NormLower:
			lower, upper = true, false
		case NormUpper:
			lower, upper = false, true
		case NormCollapseSpaces:
			if class&textControl != 0 || strings.Contains(s, "  ") {
				return dst, Null, false
			}
		case NormEmptyIsNull:
			emptyIsNull = true
		}
	}
	if class != 0 && (lower || upper) {
		return dst, Null, false
	}
	if s == "" && (emptyIsNull || f.Type == TypeEnum) {
		if emptyIsNull {
			return dst, Null, true
		}
		return dst, Null, false
	}
	start := len(dst)
	dst = append(dst, '"')
	switch {
	case class != 0:
		dst = appendEscapedASCII(dst, s)
	case lower:
		dst = appendLower(dst, s)
	case upper:
		dst = appendUpper(dst, s)
	default:
		dst = appendSmall(dst, s)
	}
	if f.Type == TypeEnum && !f.isEnumValue(dst[start+1:]) {
		return dst[:start], Null, false
	}
	return append(dst, '"'), Valid, true
}

// appendEscapedASCII appends ASCII text without DEL as the inside of a
// JSON string, escaped as appendJSONString escapes it.
func appendEscapedASCII(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; textClass[c] != 0 {
			dst = append(dst, s[start:i]...)
			dst = appendEscapedByte(dst, c)
			start = i + 1
		}
	}
	return append(dst, s[start:]...)
}

func appendLower(dst []byte, s string) []byte {
	return appendCase(dst, s, 'A', 'Z')
}

func appendUpper(dst []byte, s string) []byte {
	return appendCase(dst, s, 'a', 'z')
}

// appendCase appends ASCII text s with each letter from lo to hi turned to
// the other case (its 0x20 bit flipped), eight bytes at a time: a byte of
// w is in range when adding 0x80-lo sets its top bit and adding 0x80-hi-1
// does not, and no byte carries into the next, every byte being below
// 0x80. The last word may overlap the one before: each byte is flipped
// once all the same, as the overlap is read from s, not from the output.
func appendCase(dst []byte, s string, lo, hi byte) []byte {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	n := len(dst)
	if len(s) < 8 {
		dst = append(dst, s...)
		out := dst[n:]
		for i := range out {
			if c := out[i]; c >= lo && c <= hi {
				out[i] = c ^ 0x20
			}
		}
		return dst
	}
	// The words below write every byte: no copy of s first.
	dst = slices.Grow(dst, len(s))[:n+len(s)]
	out := dst[n:]
	from, to := uint64(0x80-lo)*ones, uint64(0x80-hi-1)*ones
	flip := func(w uint64) uint64 { return w ^ ((w+from)&^(w+to)&highs)>>2 }
	src := unsafe.Slice(unsafe.StringData(s), len(s))
	i := 0
	for ; i+8 <= len(src); i += 8 {
		binary.LittleEndian.PutUint64(out[i:], flip(binary.LittleEndian.Uint64(src[i:])))
	}
	if i < len(src) {
		j := len(src) - 8
		binary.LittleEndian.PutUint64(out[j:], flip(binary.LittleEndian.Uint64(src[j:])))
	}
	return dst
}

func (f *Field) isEnumValue(b []byte) bool {
	for _, v := range f.Values {
		if v == string(b) {
			return true
		}
	}
	return false
}

// AppendIntCell is AppendCell for an int field: it takes an integer
// already in canonical form, an optional minus, no leading zeros, at most
// 18 digits.
func AppendIntCell(dst []byte, s string) ([]byte, State, bool) {
	digits := strings.TrimPrefix(s, "-")
	if len(digits) == 0 || len(digits) > 18 || (digits[0] == '0' && s != "0") {
		return dst, Null, false
	}
	for i := 0; i < len(digits); i++ {
		if !isASCIIDigit(digits[i]) {
			return dst, Null, false
		}
	}
	return appendSmall(dst, s), Valid, true
}

// trimZeros drops the zeros at the end of digits.
func trimZeros(digits string) string {
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	return digits
}

// AppendDecimalCell is AppendCell for a decimal field: it takes
// [-]digits[.digits] without leading zeros and writes it without trailing
// fraction zeros, as canonicalDecimal would.
func AppendDecimalCell(dst []byte, s string) ([]byte, State, bool) {
	body := s
	if body != "" && body[0] == '-' {
		body = body[1:]
	}
	// Two tight loops, the digits before the point and those after,
	// rather than one that tests every byte for the point too.
	i := 0
	for i < len(body) && isASCIIDigit(body[i]) {
		i++
	}
	intPart, frac := body[:i], ""
	point := i < len(body)
	if point {
		if body[i] != '.' {
			return dst, Null, false
		}
		j := i + 1
		for j < len(body) && isASCIIDigit(body[j]) {
			j++
		}
		if j < len(body) {
			return dst, Null, false
		}
		frac = body[i+1:]
	}
	if intPart == "" || (point && frac == "") || (intPart[0] == '0' && len(intPart) > 1) {
		return dst, Null, false
	}
	// The canonical text is s without the fraction's trailing zeros, and
	// without the point when no digit is left after it.
	kept := trimZeros(frac)
	if intPart == "0" && kept == "" {
		return append(dst, `"0"`...), Valid, true
	}
	end := len(s) - (len(frac) - len(kept))
	if point && kept == "" {
		end--
	}
	dst = append(dst, '"')
	dst = appendSmall(dst, s[:end])
	return append(dst, '"'), Valid, true
}
