package repair

import (
	"encoding/json"
	"fmt"

	"github.com/drift-sh/drift/contract"
)

func init() { Register("union", StrategyFunc(byUnion)) }

// byUnion merges the members of a set field.
func byUnion(in FieldInput) (Resolved, error) {
	f := in.Field
	if f.Type != contract.TypeSet {
		return Resolved{}, fmt.Errorf("union: needs a set field; %q is %s", f.Name, f.Type)
	}
	var members []any
	for _, h := range in.Holders {
		v := in.Value(h)
		if v.IsNull() {
			continue
		}
		var ms []string
		if v.State != contract.Valid || json.Unmarshal([]byte(v.JSON), &ms) != nil {
			return Resolved{}, fmt.Errorf("union: source %q holds %s, which is not a valid set", in.Name(h), v.JSON)
		}
		for _, m := range ms {
			members = append(members, m)
		}
	}
	return Resolved{Value: f.Parse(members)}, nil
}
