package repair

import (
	"fmt"

	"github.com/drift-sh/drift/contract"
)

func init() {
	Register("max", StrategyFunc(func(in FieldInput) (Resolved, error) { return byExtreme(in, "max") }))
}

// byExtreme picks the largest (max) or smallest (min) number or timestamp;
// nulls are passed over.
func byExtreme(in FieldInput, strategy string) (Resolved, error) {
	f := in.Field
	var less func(a, b contract.Value) bool
	switch f.Type {
	case contract.TypeInt, contract.TypeDecimal, contract.TypeFloat:
		less = func(a, b contract.Value) bool { return a.Num.Cmp(b.Num) < 0 }
	case contract.TypeTimestamp:
		less = func(a, b contract.Value) bool {
			ta, _ := timeOf(a)
			tb, _ := timeOf(b)
			return ta.Before(tb)
		}
	default:
		return Resolved{}, fmt.Errorf("%s: needs a number or timestamp field; %q is %s", strategy, f.Name, f.Type)
	}
	best := -1
	for _, h := range in.Holders {
		v := in.Value(h)
		switch {
		case v.IsNull():
			continue
		case v.State == contract.Invalid || (f.Type != contract.TypeTimestamp && v.Num == nil):
			return Resolved{}, fmt.Errorf("%s: source %q holds %s, which is not a valid %s", strategy, in.Name(h), v.JSON, f.Type)
		}
		if best < 0 {
			best = h
			continue
		}
		cur := in.Value(best)
		if (strategy == "max" && less(cur, v)) || (strategy == "min" && less(v, cur)) {
			best = h
		}
	}
	if best < 0 {
		return Resolved{}, fmt.Errorf("%s: no source holds a value", strategy)
	}
	return Resolved{Value: in.Value(best), From: in.Name(best)}, nil
}
