package contract

import (
	"math/big"
	"math/bits"
	"strings"
)

// Equal reports whether all the values are equal under the field's rules:
// same State and JSON, or, for decimal and float with a tolerance, valid
// numbers whose max - min <= tolerance. A null equals only a null, and an
// Invalid value only the same raw text. Fewer than two values are equal.
func (f *Field) Equal(vals []Value) bool {
	if len(vals) < 2 {
		return true
	}
	if f.hasTolerance() && allValidNumbers(vals) {
		lo, hi := vals[0].Num, vals[0].Num
		for _, v := range vals[1:] {
			if v.Num.Cmp(lo) < 0 {
				lo = v.Num
			}
			if v.Num.Cmp(hi) > 0 {
				hi = v.Num
			}
		}
		return new(big.Rat).Sub(hi, lo).Cmp(f.Tolerance) <= 0
	}
	first := vals[0]
	for _, v := range vals[1:] {
		if v.State != first.State || v.JSON != first.JSON {
			return false
		}
	}
	return true
}

// Tolerant reports whether Equal may take values with different canonical
// JSON as equal: numbers within the field's tolerance. For any other
// field Equal compares the values' states and canonical JSON.
func (f *Field) Tolerant() bool { return f.hasTolerance() }

func (f *Field) hasTolerance() bool {
	return (f.Type == TypeDecimal || f.Type == TypeFloat) && f.Tolerance != nil && f.Tolerance.Sign() > 0
}

func allValidNumbers(vals []Value) bool {
	for _, v := range vals {
		if v.State != Valid || v.Num == nil {
			return false
		}
	}
	return true
}

// Compare orders two canonical values for sorting keys: null first, then
// numbers (values with Num) numerically, then everything else by its text
// by code point, where a JSON string counts as the string it holds, so
// "a" < "b" and "a" < "a!". Numbers come before text so that the order stays
// transitive when invalid raw text mixes with numbers. Ties are broken by
// JSON text and then State, so Compare returns 0 exactly when both values
// have the same State and JSON.
func Compare(a, b Value) int {
	if c := cmpBool(a.State != Null, b.State != Null); c != 0 || a.State == Null {
		return c
	}
	aNum, bNum := a.Num != nil && a.State == Valid, b.Num != nil && b.State == Valid
	if c := cmpBool(!aNum, !bNum); c != 0 {
		return c
	}
	if aNum {
		if c := a.Num.Cmp(b.Num); c != 0 {
			return c
		}
	} else if c := strings.Compare(sortText(a.JSON), sortText(b.JSON)); c != 0 {
		return c
	}
	if c := strings.Compare(a.JSON, b.JSON); c != 0 {
		return c
	}
	return int(a.State) - int(b.State)
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// sortText is the text a value sorts by: a JSON string's content, or the
// JSON text of anything else.
func sortText(j string) string {
	if len(j) >= 2 && j[0] == '"' {
		return unquoteJSON(j)
	}
	return j
}

// EqualDecimals is Equal for valid values of a decimal field with a
// tolerance, given as their canonical JSON ("-12.5"), without parsing
// them into big numbers: each is read as an integer of up to 18 digits
// and a scale, and max - min is compared with the tolerance in 128 bits.
// ok is false when it cannot tell that way (another type, no tolerance,
// a value of more digits, a tolerance that is not a fraction of 64-bit
// integers): then parse the values and call Equal. A field's drifts are
// compared this way in the engine: through big.Rat, a tolerant field's
// comparisons were a fifth of the field-level diff.
func (f *Field) EqualDecimals(js []string) (equal, ok bool) {
	if f.Type != TypeDecimal || !f.hasTolerance() || len(js) < 2 {
		return false, false
	}
	num, den := f.Tolerance.Num(), f.Tolerance.Denom()
	if !num.IsUint64() || !den.IsUint64() {
		return false, false
	}
	var ms [8]int64
	var scales [8]int
	if len(js) > len(ms) {
		return false, false
	}
	top := 0
	for i, s := range js {
		if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
			return false, false
		}
		m, scale, ok := decimalMantissa(s[1 : len(s)-1])
		if !ok {
			return false, false
		}
		ms[i], scales[i] = m, scale
		top = max(top, scale)
	}
	lo, hi := int64(0), int64(0)
	for i := range js {
		m, ok := rescale(ms[i], top-scales[i])
		if !ok {
			return false, false
		}
		if i == 0 || m < lo {
			lo = m
		}
		if i == 0 || m > hi {
			hi = m
		}
	}
	// (hi - lo) / 10^top <= num / den, as (hi - lo) * den <= num * 10^top;
	// hi - lo < 2 * 10^18 fits, and both products fit in 128 bits.
	ah, al := bits.Mul64(uint64(hi-lo), den.Uint64())
	bh, bl := bits.Mul64(num.Uint64(), uint64(pow10[top]))
	return ah < bh || (ah == bh && al <= bl), true
}

// rescale multiplies m by 10^by, reporting false when the result would
// leave 18 digits.
func rescale(m int64, by int) (int64, bool) {
	if by == 0 {
		return m, true
	}
	if by > 18 {
		return 0, false
	}
	limit := pow10[18-by]
	if m >= limit || m <= -limit {
		return 0, false
	}
	return m * pow10[by], true
}
