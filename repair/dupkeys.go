package repair

import (
	"fmt"
	"strings"

	"github.com/drift-sh/drift/diff"
)

// Duplicate names a key that one source holds more than once: the scan's
// duplicate-key violation.
type Duplicate struct {
	Source string
	Key    diff.Key
}

// duplicates indexes Input.Duplicates by key text: the sources that hold
// each key more than once.
func duplicates(ds []Duplicate) map[string][]string {
	out := map[string][]string{}
	for _, d := range ds {
		b, err := d.Key.MarshalJSON()
		if err != nil {
			continue
		}
		out[string(b)] = append(out[string(b)], d.Source)
	}
	return out
}

// holdDuplicated sends the ops planned for a key from index first on to
// manual when some source holds the key more than once. A write to such a
// source would change one copy and leave the others (and a rollback could
// not put the copy back), and a value read from it is only its first copy's:
// which record is meant is for a person to say.
func (p *planner) holdDuplicated(k *keyState, first int) {
	why := p.duplicatedWhy(k)
	if why == "" || len(p.ops) == first {
		return
	}
	ops := append([]Op(nil), p.ops[first:]...)
	p.ops = p.ops[:first]
	for _, op := range ops {
		field, cands := "", p.recordCandidates(k)
		if op.Action == "update" && len(op.Set) > 0 {
			if f := p.c.FieldByName(op.Set[0].Field); f != nil {
				field, cands = f.Name, p.candidates(k, f)
			}
		}
		p.addManual(k, op.Reason.Drift, field, fmt.Sprintf("%s of %q: %s", op.Action, op.Source, why), cands)
	}
}

// duplicatedWhy says why no write may touch a key some source holds more
// than once, or "" when none does.
func (p *planner) duplicatedWhy(k *keyState) string {
	b, _ := k.key.MarshalJSON()
	srcs := p.dups[string(b)]
	if len(srcs) == 0 {
		return ""
	}
	return fmt.Sprintf("the key is held more than once in %s (duplicate-key): a write could change one copy and not the others; remove the extra copies, then plan again",
		quoteList(srcs))
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
