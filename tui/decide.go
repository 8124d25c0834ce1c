package tui

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// choice is what a person decided about one drift: repair's Choice, under
// the session's shorter names.
type choice = repair.Choice

// The choices of a session; undecided drifts are left as they are.
const (
	undecided    = repair.Undecided
	chooseAccept = repair.ChoiceAccept
	chooseSource = repair.ChoiceSource
	chooseEdit   = repair.ChoiceEdit
	chooseSkip   = repair.ChoiceSkip
	chooseManual = repair.ChoiceManual
)

// decision is one drift's decision: for chooseSource the source whose
// value (or record) wins; for chooseSource and chooseEdit on a changed
// field the value to write, shown in the list and journaled.
type decision struct {
	choice choice
	source string
	value  contract.Value
}

// of is the decision as repair takes it.
func (d decision) of(it *item) repair.Decision {
	rd := repair.Decision{Drift: it.drift.ID, Choice: d.choice, Source: d.source}
	if d.choice == chooseEdit {
		rd.Value = json.RawMessage(d.value.JSON)
	}
	return rd
}

// label is the decision as the list shows it.
func (d decision) label() string {
	switch d.choice {
	case chooseSource:
		return "← " + d.source
	case chooseEdit:
		return "edit " + plain(json.RawMessage(d.value.JSON))
	}
	return d.choice.String()
}

// decisions are the session's decisions, as repair takes them.
func (s *session) decisions() []repair.Decision {
	var out []repair.Decision
	for _, it := range s.items {
		if it.decision.choice != undecided {
			out = append(out, it.decision.of(it))
		}
	}
	return out
}

// check asks repair whether a decision on an item would be taken by
// itself; a refusal carries the rule's message. A decision that is taken
// alone but not with the others on its key is recorded, and marked as a
// conflict to resolve (see settle).
func (s *session) check(it *item, d decision) (decision, error) {
	if !it.decidable() {
		return decision{}, notDecidable(it)
	}
	if err := s.amender.Check(nil, d.of(it)); err != nil {
		return decision{}, err
	}
	return d, nil
}

// accept takes the planner's proposal.
func (s *session) accept(it *item) (decision, error) {
	return s.check(it, decision{choice: chooseAccept})
}

// takeSource makes every other source look like source n (0-based): its
// value of the changed field, or its whole record for a missing key.
func (s *session) takeSource(it *item, n int) (decision, error) {
	if n < 0 || n >= len(s.names) {
		return decision{}, fmt.Errorf("there is no source %d; the sources are 1-%d", n+1, len(s.names))
	}
	d := decision{choice: chooseSource, source: s.names[n]}
	if rec, ok := s.record(n, it); ok && it.field != nil {
		d.value = rec[it.field.Index]
	}
	return s.check(it, d)
}

// edit sets a changed field to a typed value, read as the contract reads
// a CSV cell: "" is null, "a;b" a set.
func (s *session) edit(it *item, text string) (decision, error) {
	if err := canEdit(it); err != nil {
		return decision{}, err
	}
	return s.check(it, decision{choice: chooseEdit, value: it.field.Parse(contract.Cell(text))})
}

// canEdit says why the editor does not open on an item: only a changed
// field has a value to type.
func canEdit(it *item) error {
	if !it.decidable() {
		return notDecidable(it)
	}
	if it.drift.Kind != diff.Changed || it.field == nil {
		return fmt.Errorf("only a changed field can be edited; for a missing key take a source's record (1-9)")
	}
	return nil
}

func notDecidable(it *item) error {
	return fmt.Errorf("a violation is not repaired by itself; decide the changed fields or missing keys of %s", it.keyText)
}

// acceptAll accepts the proposals of the given items in one amendment;
// it returns the items whose accept was taken.
func (s *session) acceptAll(items []*item) []*item {
	decs := s.decisions()
	first := len(decs)
	for _, it := range items {
		decs = append(decs, repair.Decision{Drift: it.drift.ID, Choice: chooseAccept})
	}
	_, errs, err := s.amender.Amend(decs)
	if err != nil {
		return nil
	}
	var out []*item
	for i, it := range items {
		if errs[first+i] == nil {
			out = append(out, it)
		}
	}
	return out
}

// amend is the plan the session's decisions make; a decision repair
// refuses (decisions that contradict each other) keeps the plan from
// being reviewed until it is changed.
func (s *session) amend() (*repair.Plan, error) {
	decs := s.decisions()
	plan, errs, err := s.amender.Amend(decs)
	if err != nil {
		return nil, fmt.Errorf("sealing the session plan: %w", err)
	}
	for i, e := range errs {
		if e != nil {
			it := s.itemOf(decs[i].Drift)
			return nil, fmt.Errorf("the decision on %s %s is refused: %w; change it first", it.keyText, it.subject(), e)
		}
	}
	return plan, nil
}

// itemOf is the item of a drift id.
func (s *session) itemOf(id string) *item { return s.byID[id] }

// journal is the decision as the state store keeps it.
func (s *session) journal(it *item, sessionID, user string, at time.Time) state.Decision {
	d := state.Decision{SessionID: sessionID, DriftID: it.drift.ID, Key: json.RawMessage(it.keyJSON),
		User: user, Time: at.UTC()}
	switch dec := it.decision; dec.choice {
	case chooseAccept:
		d.Choice = "approve"
		if v, ok := it.proposedValue(); ok {
			d.Value = v
		}
	case chooseSource:
		d.Choice = dec.source
	default:
		d.Choice = dec.choice.String()
	}
	if it.drift.Kind == diff.Changed && (it.decision.choice == chooseSource || it.decision.choice == chooseEdit) {
		d.Value = json.RawMessage(it.decision.value.JSON)
	}
	return d
}
