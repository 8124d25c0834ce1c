package tui

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
)

// detailView shows the selected drift's record from every source side by
// side, the differing fields marked, with the proposal per field.
func (m Model) detailView() string {
	it := m.selected()
	if it == nil {
		return ""
	}
	s := m.sess
	title := fmt.Sprintf("%s · %s · %s · first seen %s", it.keyText, it.drift.Kind, it.subject(), age(it.drift.FirstSeen, m.opts.now()))
	lines := []string{styleHeader.Render(title)}
	lines = append(lines, m.recordTable(it)...)
	lines = append(lines, "", styleHeader.Render("Proposal"))
	for _, other := range s.keyItems(it) {
		mark := " "
		if other == it {
			mark = "›"
		}
		lines = append(lines, fmt.Sprintf("%s %s: %s%s", mark, other.subject(), other.proposal(), s.inputs(other)))
	}
	dec := it.decision.label()
	if dec == "" {
		dec = "undecided"
	}
	lines = append(lines, styleHeader.Render("Decision")+" "+dec)
	if it.conflict != "" {
		lines = append(lines, styleErr.Render("! conflict: "+it.conflict))
	}
	if it.unsettled != "" {
		lines = append(lines, styleErr.Render("~ "+it.unsettled))
	}
	if len(it.violations) > 0 {
		lines = append(lines, styleHeader.Render("Violations"))
		for _, v := range it.violations {
			lines = append(lines, styleErr.Render(fmt.Sprintf("  %s %s %s: %s", v.Source, v.Rule, v.Field, v.Message)))
		}
	}
	return strings.Join(lines, "\n")
}

// recordTable is one row per field, one column per source, and the value
// each field will get.
func (m Model) recordTable(it *item) []string {
	s := m.sess
	fw := 10
	for _, f := range s.cfg.Contract.Fields {
		fw = max(fw, len(f.Name))
	}
	n := len(s.names) + 1
	cw := max((m.width-2-fw)/n-1, 6)
	widths := []int{1, fw}
	head := []string{"", "FIELD"}
	recs := make([][]contract.Value, len(s.names))
	for i, name := range s.names {
		recs[i], _ = s.record(i, it)
		widths = append(widths, cw)
		head = append(head, fmt.Sprintf("%d %s", i+1, name))
	}
	widths = append(widths, cw)
	head = append(head, "PROPOSED")
	lines := []string{styleHeader.Render(row(widths, head...))}
	for _, f := range s.cfg.Contract.Fields {
		if f.Ignore {
			continue
		}
		var held []contract.Value
		for i := range s.names {
			if recs[i] != nil {
				held = append(held, recs[i][f.Index])
			}
		}
		differs := len(held) > 1 && !f.Equal(held)
		target := s.target(it, f, held)
		cells := []string{" ", middle(f.Name, fw)}
		if differs {
			cells[0] = "*"
		}
		for i := range s.names {
			switch {
			case recs[i] == nil:
				cells = append(cells, middle("(absent)", cw))
			case differs && !f.Equal([]contract.Value{recs[i][f.Index], target}):
				// the cell that differs: marked, and coloured when colour is on
				cells = append(cells, styleDiff.Render(middle("*"+plain(json.RawMessage(recs[i][f.Index].JSON)), cw)))
			default:
				cells = append(cells, middle(plain(json.RawMessage(recs[i][f.Index].JSON)), cw))
			}
		}
		cells = append(cells, middle(s.proposedFor(it, f), cw))
		lines = append(lines, strings.TrimRight(strings.Join(cells, " "), " "))
	}
	return lines
}

// keyItems lists the changed and missing drifts of an item's key.
func (s *session) keyItems(it *item) []*item { return s.byKey[it.keyStr] }

// target is the value a differing field is compared with, to mark the
// cells that differ: the value it will get under the decision or the
// proposal, else the value most sources hold (the first on a tie).
func (s *session) target(it *item, f *contract.Field, held []contract.Value) contract.Value {
	for _, other := range s.keyItems(it) {
		if other.drift.Kind != diff.Changed || other.drift.Field != f.Name {
			continue
		}
		switch other.decision.choice {
		case chooseSource, chooseEdit:
			return other.decision.value
		}
		if v, ok := other.proposedValue(); ok {
			return f.Parse(jsonAny(v))
		}
	}
	best, most := contract.Value{}, 0
	for _, v := range held {
		n := 0
		for _, w := range held {
			if f.Equal([]contract.Value{v, w}) {
				n++
			}
		}
		if n > most {
			best, most = v, n
		}
	}
	return best
}

// jsonAny decodes a canonical JSON value as a JSON source's value is read.
func jsonAny(raw json.RawMessage) any {
	var v any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return string(raw)
	}
	return v
}

// proposedFor is the value a field will get under the decisions taken so
// far, or the planner's proposal while undecided.
func (s *session) proposedFor(it *item, f *contract.Field) string {
	for _, other := range s.keyItems(it) {
		if other.drift.Kind != diff.Changed || other.drift.Field != f.Name {
			continue
		}
		switch other.decision.choice {
		case chooseSource, chooseEdit:
			return plain(json.RawMessage(other.decision.value.JSON))
		case chooseSkip, chooseManual:
			return "(" + other.decision.choice.String() + ")"
		}
		if v, ok := other.proposedValue(); ok {
			return plain(v)
		}
		return "(manual)"
	}
	return ""
}

// inputs names what the planner's rule read: the clocks for lww, the
// winning source's value otherwise.
func (s *session) inputs(it *item) string {
	if len(it.ops) == 0 || it.drift.Kind != diff.Changed {
		return ""
	}
	fr := fieldReason(it.ops[0], it.field.Name, it.drift.ID)
	if fr.Strategy == "lww" {
		cf := s.cfg.Contract.FieldByName(s.cfg.Contract.Resolve.Clock.Field)
		if cf == nil {
			return ""
		}
		var parts []string
		for i, name := range s.names {
			if rec, ok := s.record(i, it); ok {
				parts = append(parts, name+" "+plain(json.RawMessage(rec[cf.Index].JSON)))
			}
		}
		return " · " + cf.Name + ": " + strings.Join(parts, ", ")
	}
	for _, v := range it.drift.Values {
		if v.Source == fr.From {
			return " · " + v.Source + " holds " + plain(v.Value)
		}
	}
	return ""
}
