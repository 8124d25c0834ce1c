package rules

import (
	"math/big"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/stdlib"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// CEL binds its arithmetic and comparison operators to the left operand's
// own methods, so `0 < self.balance` could never see an exact decimal on
// the right. Each parsed rule therefore has these operators renamed to
// drift's own functions before type checking: they keep CEL's signatures
// (so `'a' + 1` is still a type error) and compute exactly whenever a
// decimal takes part, converting ints and doubles to decimals.
const exactPrefix = "exact@"

var (
	arithmetic = map[string]string{operators.Add: "+", operators.Subtract: "-", operators.Multiply: "*", operators.Divide: "/"}
	relations  = map[string]func(int) bool{
		operators.Less:          func(c int) bool { return c < 0 },
		operators.LessEquals:    func(c int) bool { return c <= 0 },
		operators.Greater:       func(c int) bool { return c > 0 },
		operators.GreaterEquals: func(c int) bool { return c >= 0 },
	}
	equalities = map[string]bool{operators.Equals: true, operators.NotEquals: false}
)

// rewritten reports whether the operator fn is replaced by an exact one.
func rewritten(fn string) bool {
	_, a := arithmetic[fn]
	_, r := relations[fn]
	_, e := equalities[fn]
	return a || r || e || fn == operators.Negate
}

// rewriteOperators renames the operators of a parsed expression in place.
func rewriteOperators(a *ast.AST) {
	fac := ast.NewExprFactory()
	ast.PostOrderVisit(a.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if e.Kind() != ast.CallKind || e.AsCall().IsMemberFunction() {
			return
		}
		call := e.AsCall()
		if rewritten(call.FunctionName()) {
			e.SetKindCase(fac.NewCall(e.ID(), exactPrefix+call.FunctionName(), call.Args()...))
		}
	}))
}

// operatorNames turns drift's operator names in a checker message back
// into CEL's.
var operatorNames = func() *strings.Replacer {
	var pairs []string
	for _, fn := range []string{operators.Add, operators.Subtract, operators.Multiply, operators.Divide,
		operators.Less, operators.LessEquals, operators.Greater, operators.GreaterEquals,
		operators.Equals, operators.NotEquals, operators.Negate} {
		pairs = append(pairs, exactPrefix+fn, fn)
	}
	return strings.NewReplacer(pairs...)
}()

// exactOperators declares the renamed operators: CEL's own overloads, the
// decimal ones, and one binding that dispatches on the operands at run time.
func exactOperators() []cel.EnvOption {
	var opts []cel.EnvOption
	for _, fd := range stdlib.Functions() {
		name := fd.Name()
		if !rewritten(name) {
			continue
		}
		var fopts []cel.FunctionOpt
		for _, o := range fd.OverloadDecls() {
			fopts = append(fopts, cel.Overload("exact_"+o.ID(), o.ArgTypes(), o.ResultType()))
		}
		fopts = append(fopts, decimalOverloads(name)...)
		if name == operators.Negate {
			fopts = append(fopts, cel.SingletonUnaryBinding(negate))
		} else {
			fopts = append(fopts, cel.SingletonBinaryBinding(binaryImpl(name)))
		}
		opts = append(opts, cel.Function(exactPrefix+name, fopts...))
	}
	return opts
}

// decimalOverloads are the signatures with a decimal operand.
func decimalOverloads(name string) []cel.FunctionOpt {
	if name == operators.Negate {
		return []cel.FunctionOpt{cel.Overload("exact_negate_decimal", []*cel.Type{decimalType}, decimalType)}
	}
	result := cel.BoolType
	if _, ok := arithmetic[name]; ok {
		result = decimalType
	}
	id := "exact_" + strings.Trim(name, "_") + "_decimal_"
	var out []cel.FunctionOpt
	if _, equality := equalities[name]; equality {
		// CEL's own _==_(A, A) covers decimal == decimal and admits no
		// other overload.
		return nil
	}
	for _, other := range []*cel.Type{decimalType, cel.IntType, cel.UintType, cel.DoubleType} {
		out = append(out, cel.Overload(id+"decimal_"+other.String(), []*cel.Type{decimalType, other}, result))
		if other != decimalType {
			out = append(out, cel.Overload(id+other.String()+"_decimal", []*cel.Type{other, decimalType}, result))
		}
	}
	return out
}

func isDecimal(v ref.Val) bool {
	_, ok := v.(Decimal)
	return ok
}

// binaryImpl is the run-time implementation of one renamed operator.
func binaryImpl(name string) func(lhs, rhs ref.Val) ref.Val {
	if op, ok := arithmetic[name]; ok {
		return arithmeticImpl(op)
	}
	if test, ok := relations[name]; ok {
		return relationImpl(test)
	}
	return equalityImpl(equalities[name])
}

func arithmeticImpl(op string) func(lhs, rhs ref.Val) ref.Val {
	return func(lhs, rhs ref.Val) ref.Val {
		if !isDecimal(lhs) && !isDecimal(rhs) {
			return stdArithmetic(op, lhs, rhs)
		}
		if v, ok := decimalOp(op, lhs, rhs); ok {
			return v
		}
		return types.NewErr("no such overload: %s %s %s", lhs.Type().TypeName(), op, rhs.Type().TypeName())
	}
}

func relationImpl(test func(int) bool) func(lhs, rhs ref.Val) ref.Val {
	return func(lhs, rhs ref.Val) ref.Val {
		if isDecimal(lhs) || isDecimal(rhs) {
			if c, ok := decimalCompare(lhs, rhs); ok {
				return types.Bool(test(c))
			}
			return types.NewErr("no such overload: cannot compare %s with %s", lhs.Type().TypeName(), rhs.Type().TypeName())
		}
		cmp, ok := lhs.(traits.Comparer)
		if !ok {
			return types.MaybeNoSuchOverloadErr(lhs)
		}
		c := cmp.Compare(rhs)
		if n, ok := c.(types.Int); ok {
			return types.Bool(test(int(n)))
		}
		return c
	}
}

// equalityImpl is == (want true) or != (want false).
func equalityImpl(want bool) func(lhs, rhs ref.Val) ref.Val {
	return func(lhs, rhs ref.Val) ref.Val {
		eq := types.Equal(lhs, rhs) == types.True
		if isDecimal(lhs) || isDecimal(rhs) {
			c, ok := decimalCompare(lhs, rhs)
			eq = ok && c == 0
		}
		return types.Bool(eq == want)
	}
}

func stdArithmetic(op string, lhs, rhs ref.Val) ref.Val {
	switch op {
	case "+":
		if a, ok := lhs.(traits.Adder); ok {
			return a.Add(rhs)
		}
	case "-":
		if a, ok := lhs.(traits.Subtractor); ok {
			return a.Subtract(rhs)
		}
	case "*":
		if a, ok := lhs.(traits.Multiplier); ok {
			return a.Multiply(rhs)
		}
	case "/":
		if a, ok := lhs.(traits.Divider); ok {
			return a.Divide(rhs)
		}
	}
	return types.MaybeNoSuchOverloadErr(lhs)
}

func negate(v ref.Val) ref.Val {
	if d, ok := v.(Decimal); ok {
		return Decimal{R: new(big.Rat).Neg(d.R)}
	}
	if n, ok := v.(traits.Negater); ok {
		return n.Negate()
	}
	return types.MaybeNoSuchOverloadErr(v)
}
