package repair

import (
	"fmt"
	"slices"
	"strings"

	"github.com/drift-sh/drift/contract"
)

// Unsettled says why a decision on a changed field cannot converge: the
// value it writes differs from what a source that takes no write (one not
// writable) keeps, so the drift is still there after the apply. It is ""
// when every source would agree, and for a decision that writes nothing
// or is not about a changed field. The decision is not checked otherwise;
// Check says whether it is taken.
func (a *Amender) Unsettled(d Decision) string {
	ref, ok := a.drifts[d.Drift]
	if !ok || ref.field == nil {
		return ""
	}
	p := newPlanner(a.in)
	k := p.loadKey(ref.key)
	v, ok := a.writtenValue(p, k, ref.field, d)
	if !ok {
		return ""
	}
	f := ref.field
	var keep []string
	for _, h := range k.holders {
		if !p.writable(h) && !f.Equal([]contract.Value{v, k.recs[h][f.Index]}) {
			keep = append(keep, fmt.Sprintf("%q (not writable) keeps %s", p.in.Sources[h].Name, Plain([]byte(k.recs[h][f.Index].JSON))))
		}
	}
	if len(keep) == 0 {
		return ""
	}
	return "cannot converge: " + strings.Join(keep, ", ")
}

// writtenValue is the value decision d writes to field f of key k.
func (a *Amender) writtenValue(p *planner, k *keyState, f *contract.Field, d Decision) (contract.Value, bool) {
	if len(k.holders) == 0 {
		return contract.Value{}, false
	}
	switch d.Choice {
	case ChoiceAccept:
		resolved := p.proposeKey(k)
		i := slices.IndexFunc(resolved, func(r resolution) bool { return r.field == f })
		if i < 0 {
			return contract.Value{}, false
		}
		return resolved[i].value, true
	case ChoiceSource:
		j := p.sourceIndex(d.Source)
		if j < 0 || k.recs[j] == nil {
			return contract.Value{}, false
		}
		return k.recs[j][f.Index], true
	case ChoiceEdit:
		if len(d.Value) == 0 {
			return contract.NullValue, true
		}
		return parseJSONValue(f, d.Value), true
	}
	return contract.Value{}, false
}
