package contract

import (
	"math/big"
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
