package contract

import (
	"errors"
	"math/big"
	"strings"
)

// maxDecimalExp bounds the exponent of a decimal literal, so that "1e999999999"
// is rejected instead of being expanded into a billion digits.
const maxDecimalExp = 4096

// errNotDecimal says a text is not a decimal number.
var errNotDecimal = errors.New("not a decimal number")

// ParseDecimal reads an exact decimal number from its literal text, such as
// "12.5", "-0.001", "1e3" or ".5"; NaN, infinities and hexadecimal are
// refused. It is how tolerances and decimal values are read: never through
// binary floating point.
func ParseDecimal(text string) (*big.Rat, error) {
	canon, ok := canonicalDecimal(text)
	if !ok {
		return nil, errNotDecimal
	}
	return decimalRat(canon), nil
}

// FormatDecimal writes r in its shortest exact decimal form, never in
// exponent form ("12.5", "100", "-0.001"). It reports false when r has no
// finite decimal expansion, such as 1/3.
func FormatDecimal(r *big.Rat) (string, bool) {
	if r.IsInt() {
		return r.Num().String(), true
	}
	den := new(big.Int).Set(r.Denom())
	twos := den.TrailingZeroBits()
	den.Rsh(den, twos)
	fives := uint(0)
	five, rem := big.NewInt(5), new(big.Int)
	for den.Cmp(big.NewInt(1)) != 0 {
		q, m := new(big.Int).QuoRem(den, five, rem)
		if m.Sign() != 0 {
			return "", false
		}
		den, fives = q, fives+1
	}
	canon, ok := canonicalDecimal(r.FloatString(int(max(twos, fives))))
	return canon, ok
}

// decimalRat converts canonical decimal text to its exact rational. Up to
// 18 digits it avoids big.Rat's general (and slow) text parser.
func decimalRat(canon string) *big.Rat {
	n, frac, ok := decimalMantissa(canon)
	if !ok {
		r, _ := new(big.Rat).SetString(canon)
		return r
	}
	neg := n < 0
	if neg {
		n = -n
	}
	den := pow10[frac]
	if g := gcd64(n, den); g > 1 {
		n, den = n/g, den/g
	}
	if neg {
		n = -n
	}
	// The fraction is already in lowest terms, so it is set directly instead
	// of through SetFrac64, which would reduce it again with big.Int
	// arithmetic. Denom is documented to share the Rat's denominator.
	r := new(big.Rat).SetInt64(n)
	r.Denom().SetInt64(den)
	return r
}

// decimalMantissa reads decimal text, "[-]digits[.digits]" as canonical
// decimals are written, as m / 10^scale; ok is false for anything else or
// more than 18 digits, which an int64 may not hold.
func decimalMantissa(s string) (m int64, scale int, ok bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	digits, point := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && point < 0 && i > 0:
			point = i
		case isASCIIDigit(c):
			if digits++; digits > 18 {
				return 0, 0, false
			}
			m = m*10 + int64(c-'0')
		default:
			return 0, 0, false
		}
	}
	if digits == 0 || point == len(s)-1 {
		return 0, 0, false
	}
	if point >= 0 {
		scale = len(s) - point - 1
	}
	if neg {
		m = -m
	}
	return m, scale, true
}

func gcd64(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

var pow10 = [19]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// canonicalDecimal reads the grammar [+-] digits [. digits] [e [+-] digits]
// (digits on at least one side of the point) and returns the shortest exact
// form: no exponent, no leading or trailing zeros, "0" for any zero.
func canonicalDecimal(s string) (string, bool) {
	neg, intPart, fracPart, exp, ok := scanDecimal(s)
	if !ok {
		return "", false
	}
	if exp == 0 && fracPart == "" && len(intPart) > 0 && intPart[0] != '0' {
		if neg {
			return "-" + intPart, true
		}
		return intPart, true
	}
	digits := intPart + fracPart
	point := len(intPart) + exp // digits before the decimal point
	lead := 0
	for lead < len(digits) && digits[lead] == '0' {
		lead++
	}
	digits, point = digits[lead:], point-lead
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		return "0", true
	}
	return placePoint(neg, digits, point), true
}

// placePoint writes significant digits with the decimal point after the
// first `point` of them (point may be negative or beyond the digits).
func placePoint(neg bool, digits string, point int) string {
	var b strings.Builder
	b.Grow(len(digits) + absInt(point) + 3)
	if neg {
		b.WriteByte('-')
	}
	switch {
	case point <= 0:
		b.WriteString("0.")
		writeZeros(&b, -point)
		b.WriteString(digits)
	case point >= len(digits):
		b.WriteString(digits)
		writeZeros(&b, point-len(digits))
	default:
		b.WriteString(digits[:point])
		b.WriteByte('.')
		b.WriteString(digits[point:])
	}
	return b.String()
}

// scanDecimal splits a decimal literal into its sign, the digits before and
// after the point, and the exponent.
func scanDecimal(s string) (neg bool, intPart, fracPart string, exp int, ok bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	for i < len(s) && isASCIIDigit(s[i]) {
		i++
	}
	intPart = s[start:i]
	if i < len(s) && s[i] == '.' {
		i++
		start = i
		for i < len(s) && isASCIIDigit(s[i]) {
			i++
		}
		fracPart = s[start:i]
	}
	if intPart == "" && fracPart == "" {
		return false, "", "", 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		var expOK bool
		exp, i, expOK = scanExponent(s, i+1)
		if !expOK {
			return false, "", "", 0, false
		}
	}
	return neg, intPart, fracPart, exp, i == len(s)
}

// scanExponent reads [+-] digits from s[i:], bounded by maxDecimalExp.
func scanExponent(s string, i int) (exp, next int, ok bool) {
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	for i < len(s) && isASCIIDigit(s[i]) {
		exp = exp*10 + int(s[i]-'0')
		if exp > maxDecimalExp {
			return 0, i, false
		}
		i++
	}
	if i == start {
		return 0, i, false
	}
	if neg {
		exp = -exp
	}
	return exp, i, true
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func writeZeros(b *strings.Builder, n int) {
	for ; n > 0; n-- {
		b.WriteByte('0')
	}
}
