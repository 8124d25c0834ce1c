package repair

import (
	"fmt"

	"github.com/drift-sh/drift/contract"
)

func init() { Register("expr", StrategyFunc(byExpr)) }

// ExprFunc evaluates the expr strategy of field: values maps each source
// holding the key to its value of the field, records to its whole record
// (indexed like Contract.Fields). The result is a raw value for the field's
// Parse; *rules.Rules' Resolve is one.
type ExprFunc func(field string, values map[string]contract.Value, records map[string][]contract.Value) (any, error)

// byExpr computes the value with the contract's CEL expression. The result
// is parsed with the field like a value read from a source, so a value the
// contract rejects goes to manual (see checkValue); an expression that
// fails goes to manual with its error.
func byExpr(in FieldInput) (Resolved, error) {
	if in.Expr == nil {
		return Resolved{}, fmt.Errorf("expr: no CEL evaluator was given for field %q", in.Field.Name)
	}
	values := make(map[string]contract.Value, len(in.Holders))
	records := make(map[string][]contract.Value, len(in.Holders))
	for _, h := range in.Holders {
		values[in.Name(h)] = in.Value(h)
		records[in.Name(h)] = in.Records[h]
	}
	raw, err := in.Expr(in.Field.Name, values, records)
	if err != nil {
		return Resolved{}, fmt.Errorf("expr: %v", err)
	}
	return Resolved{Value: in.Field.Parse(raw)}, nil
}
