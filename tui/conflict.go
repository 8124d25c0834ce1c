package tui

import (
	"fmt"

	"github.com/drift-sh/drift/repair"
)

// settle marks the decided items of a key that conflict with each other
// (each refused when taken after the others: an accept and a skip on the
// rows of one delete) and the decisions whose write cannot converge.
func (s *session) settle(keyStr string) {
	items := s.byKey[keyStr]
	for _, it := range items {
		it.conflict, it.unsettled = "", ""
		if it.decision.choice == undecided {
			continue
		}
		var others []repair.Decision
		for _, o := range items {
			if o != it && o.decision.choice != undecided {
				others = append(others, o.decision.of(o))
			}
		}
		d := it.decision.of(it)
		if err := s.amender.Check(others, d); err != nil {
			it.conflict = err.Error()
		}
		it.unsettled = s.amender.Unsettled(d)
	}
}

// conflicts lists the items whose decision conflicts, in list order.
func (s *session) conflicts() []*item {
	var out []*item
	for _, it := range s.items {
		if it.conflict != "" {
			out = append(out, it)
		}
	}
	return out
}

// unsettledItems lists the decided items whose write cannot converge.
func (s *session) unsettledItems() []*item {
	var out []*item
	for _, it := range s.items {
		if it.unsettled != "" && it.decision.choice != undecided {
			out = append(out, it)
		}
	}
	return out
}

// conflictErr is why the review does not open while decisions conflict.
func conflictErr(cs []*item) error {
	return fmt.Errorf("%d decisions conflict (marked !): change one of them first; enter shows why", len(cs))
}

// flag is the mark the list shows before a decision: "!" for a conflict,
// "~" for a write that cannot converge.
func (it *item) flag() string {
	switch {
	case it.conflict != "":
		return "!"
	case it.unsettled != "":
		return "~"
	}
	return ""
}
