package repair

import (
	"fmt"

	"github.com/drift-sh/drift/contract"
)

func init() { Register("majority", StrategyFunc(byMajority)) }

// byMajority takes a value held by more than half of the sources holding
// the key.
func byMajority(in FieldInput) (Resolved, error) {
	f := in.Field
	for _, h := range in.Holders {
		count := 0
		for _, o := range in.Holders {
			if f.Equal([]contract.Value{in.Value(h), in.Value(o)}) {
				count++
			}
		}
		if 2*count > len(in.Holders) {
			return Resolved{Value: in.Value(h), From: in.Name(h)}, nil
		}
	}
	return Resolved{}, fmt.Errorf("majority: no value is held by more than half of the %d sources holding the key", len(in.Holders))
}
