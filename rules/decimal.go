package rules

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strconv"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/drift-sh/drift/contract"
)

// decimalType is the CEL type of an exact decimal value.
var decimalType = types.NewOpaqueType("decimal")

// Decimal is an exact decimal number inside a CEL evaluation. CEL has no
// decimal type and its double is binary floating point, so decimal fields
// are this type and the arithmetic and comparison operators are rewritten
// (see operators.go) to compute exactly when a decimal takes part.
type Decimal struct{ R *big.Rat }

var _ ref.Val = Decimal{}

// ConvertToNative returns the *big.Rat, a float64 or the decimal's text.
func (d Decimal) ConvertToNative(typ reflect.Type) (any, error) {
	switch typ {
	case reflect.TypeOf(d.R), reflect.TypeOf((*any)(nil)).Elem():
		return new(big.Rat).Set(d.R), nil
	case reflect.TypeOf(float64(0)):
		f, _ := d.R.Float64()
		return f, nil
	case reflect.TypeOf(""):
		return d.String(), nil
	}
	return nil, fmt.Errorf("decimal cannot be converted to %v", typ)
}

// ConvertToType converts to string, double or the decimal type itself.
func (d Decimal) ConvertToType(t ref.Type) ref.Val {
	switch t {
	case decimalType:
		return d
	case types.StringType:
		return types.String(d.String())
	case types.DoubleType:
		f, _ := d.R.Float64()
		return types.Double(f)
	case types.TypeType:
		return decimalType
	}
	return types.NewErr("type conversion error from decimal to '%s'", t)
}

// Equal compares exactly with any number.
func (d Decimal) Equal(other ref.Val) ref.Val {
	o, ok := toRat(other)
	if !ok {
		return types.False
	}
	return types.Bool(d.R.Cmp(o) == 0)
}

// Type returns the decimal type.
func (d Decimal) Type() ref.Type { return decimalType }

// Value returns the *big.Rat.
func (d Decimal) Value() any { return d.R }

// String is the shortest exact decimal text, or a fraction when the value
// has no finite decimal expansion (after a division).
func (d Decimal) String() string {
	if s, ok := contract.FormatDecimal(d.R); ok {
		return s
	}
	return d.R.RatString()
}

// toRat gives the exact value of a CEL number. A double counts as the
// shortest decimal that reads back as the same double, so the literal 0.1
// is the decimal 0.1, not the binary fraction nearest to it.
func toRat(v ref.Val) (*big.Rat, bool) {
	switch n := v.(type) {
	case Decimal:
		return n.R, true
	case types.Int:
		return new(big.Rat).SetInt64(int64(n)), true
	case types.Uint:
		return new(big.Rat).SetInt(new(big.Int).SetUint64(uint64(n))), true
	case types.Double:
		return new(big.Rat).SetString(strconv.FormatFloat(float64(n), 'g', -1, 64))
	}
	return nil, false
}

// errDivideByZero is the error of a decimal division by zero.
var errDivideByZero = errors.New("division by zero")

// decimalOp computes one arithmetic operator exactly; ok is false when an
// operand is not a number.
func decimalOp(op string, lhs, rhs ref.Val) (ref.Val, bool) {
	a, ok1 := toRat(lhs)
	b, ok2 := toRat(rhs)
	if !ok1 || !ok2 {
		return nil, false
	}
	r := new(big.Rat)
	switch op {
	case "+":
		r.Add(a, b)
	case "-":
		r.Sub(a, b)
	case "*":
		r.Mul(a, b)
	case "/":
		if b.Sign() == 0 {
			return types.WrapErr(errDivideByZero), true
		}
		r.Quo(a, b)
	}
	return Decimal{R: r}, true
}

// decimalCompare compares two numbers exactly: -1, 0 or 1.
func decimalCompare(lhs, rhs ref.Val) (int, bool) {
	a, ok1 := toRat(lhs)
	b, ok2 := toRat(rhs)
	if !ok1 || !ok2 {
		return 0, false
	}
	return a.Cmp(b), true
}

// parseDecimal is the CEL function decimal(x): a string, int or double as
// an exact decimal.
func parseDecimal(v ref.Val) ref.Val {
	if s, ok := v.(types.String); ok {
		r, ok := new(big.Rat).SetString(string(s))
		if !ok {
			return types.NewErr("decimal(%q): not a decimal number", string(s))
		}
		return Decimal{R: r}
	}
	if r, ok := toRat(v); ok {
		return Decimal{R: r}
	}
	return types.NewErr("decimal() takes a string or a number, not %s", v.Type().TypeName())
}
