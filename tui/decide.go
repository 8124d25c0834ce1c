package tui

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/state"
)

// choice is what a person decided about one drift.
type choice uint8

// The choices of a session; undecided drifts are left as they are.
const (
	undecided choice = iota
	chooseAccept
	chooseSource
	chooseEdit
	chooseSkip
	chooseManual
)

var choiceNames = map[choice]string{
	undecided: "", chooseAccept: "accept", chooseSource: "source",
	chooseEdit: "edit", chooseSkip: "skip", chooseManual: "manual",
}

func (c choice) String() string { return choiceNames[c] }

// decision is one drift's decision: for chooseSource the source whose
// value (or record) wins, for chooseSource and chooseEdit on a changed
// field the value to write.
type decision struct {
	choice choice
	source string
	value  contract.Value
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

// accept takes the planner's proposal.
func (s *session) accept(it *item) (decision, error) {
	if err := decidable(it); err != nil {
		return decision{}, err
	}
	if len(it.ops) == 0 {
		why := "the planner proposes no write"
		if it.manual != nil {
			why = "the planner left it to a person: " + it.manual.Why
		}
		return decision{}, fmt.Errorf("%s; take a source's value (1-9), edit it (e), skip (s) or mark it manual (m)", why)
	}
	return decision{choice: chooseAccept}, nil
}

// takeSource makes every other source look like source n (0-based): its
// value of the changed field, or its whole record for a missing key.
func (s *session) takeSource(it *item, n int) (decision, error) {
	if err := decidable(it); err != nil {
		return decision{}, err
	}
	if n < 0 || n >= len(s.names) {
		return decision{}, fmt.Errorf("there is no source %d; the sources are 1-%d", n+1, len(s.names))
	}
	name := s.names[n]
	rec, ok := s.record(n, it)
	if !ok {
		return decision{}, fmt.Errorf("source %q does not hold key %s; pick a source that holds it", name, it.keyText)
	}
	d := decision{choice: chooseSource, source: name}
	if it.drift.Kind == diff.Missing {
		if err := s.checkInsert(it, n, rec); err != nil {
			return decision{}, err
		}
		return d, nil
	}
	d.value = rec[it.field.Index]
	if err := s.checkValue(it, d.value); err != nil {
		return decision{}, fmt.Errorf("source %q: %w", name, err)
	}
	return d, nil
}

// edit sets a changed field to a typed value, parsed as the contract's
// field parses a source's cell: a value that does not parse is refused.
func (s *session) edit(it *item, text string) (decision, error) {
	if err := canEdit(it); err != nil {
		return decision{}, err
	}
	v := it.field.Parse(contract.Cell(text))
	if err := s.checkValue(it, v); err != nil {
		return decision{}, err
	}
	return decision{choice: chooseEdit, value: v}, nil
}

// problemOf says why an Invalid value does not parse; values read back
// from the scan engine lose the reason, so it is found by parsing again.
func problemOf(f *contract.Field, v contract.Value) string {
	if v.Problem == "" {
		v = f.Parse(v.Decode())
	}
	if v.Problem == "" {
		return v.JSON + " is not a valid " + f.Type.String()
	}
	return v.Problem
}

// canEdit refuses to edit a drift that is not a changed field.
func canEdit(it *item) error {
	if err := decidable(it); err != nil {
		return err
	}
	if it.drift.Kind != diff.Changed || it.field == nil {
		return fmt.Errorf("only a changed field can be edited; for a missing key take a source's record (1-9)")
	}
	return nil
}

func decidable(it *item) error {
	if !it.decidable() {
		return fmt.Errorf("a violation is not repaired by itself; decide the changed fields or missing keys of %s", it.keyText)
	}
	return nil
}

// checkValue refuses a value that breaks the contract, or that would write
// nothing.
func (s *session) checkValue(it *item, v contract.Value) error {
	f := it.field
	switch {
	case v.State == contract.Invalid:
		return fmt.Errorf("field %q: %s", f.Name, problemOf(f, v))
	case v.IsNull() && f.Required:
		return fmt.Errorf("field %q is required: it cannot be empty", f.Name)
	}
	if len(s.updateTargets(it, v)) == 0 {
		return fmt.Errorf("nothing to write: every writable source already holds %s for %q", v.JSON, f.Name)
	}
	return nil
}

// checkInsert refuses to copy a record into the source that lacks the key
// when that source is read-only or the record breaks the contract.
func (s *session) checkInsert(it *item, from int, rec []contract.Value) error {
	to := s.sourceIndex(it.drift.Source)
	switch {
	case to == from:
		return fmt.Errorf("source %q lacks key %s; take the record of a source that holds it", s.names[from], it.keyText)
	case to < 0 || !s.writable[to]:
		return fmt.Errorf("source %q is not writable; set writable: true on it to insert there", it.drift.Source)
	}
	for _, f := range s.cfg.Contract.Fields {
		v := rec[f.Index]
		switch {
		case f.Ignore:
		case v.State == contract.Invalid:
			return fmt.Errorf("the record of %q breaks the contract: field %q holds %s", s.names[from], f.Name, v.JSON)
		case v.IsNull() && f.Required:
			return fmt.Errorf("the record of %q breaks the contract: required field %q is empty", s.names[from], f.Name)
		}
	}
	return nil
}

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
