package repair

import "fmt"

func init() { Register("manual", StrategyFunc(byHand)) }

// byHand decides nothing: the contract leaves the field to a person.
func byHand(in FieldInput) (Resolved, error) {
	return Resolved{}, fmt.Errorf("manual: the contract resolves field %q by hand", in.Field.Name)
}
