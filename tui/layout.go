package tui

import (
	"encoding/json"

	"github.com/drift-sh/drift/diff"
)

// listLayout is the width of each column of the list: mark, key, kind,
// subject, age, one per source when the terminal is wide, proposal,
// decision.
type listLayout struct {
	key, kind, subject, proposal int
	sources                      []int
}

// The list's fixed columns.
const (
	ageW      = 4
	decisionW = 14
	// minProposalW is what the proposal keeps before the key is shortened;
	// wideProposalW what it keeps before a source column is given room.
	minProposalW  = 8
	wideProposalW = 30
	maxSourceW    = 24
)

func (l listLayout) all() []int {
	w := []int{1, l.key, l.kind, l.subject, ageW}
	w = append(w, l.sources...)
	return append(w, l.proposal, decisionW)
}

// listWidths sizes the list's columns. Kind and subject take what their
// longest value needs; the key gets what its longest value needs, up to
// what leaves the proposal minProposalW columns, so keys are shortened (in
// the middle) only when they must; a terminal with room for the proposal
// and a column per source of 10 or more shows each source's value; the
// proposal takes what is left.
func (m Model) listWidths() listLayout {
	l := listLayout{kind: m.sess.widths.kind, subject: min(max(m.sess.widths.subject, 12), 24)}
	fixed := 1 + l.kind + l.subject + ageW + decisionW + 6 // with the separators
	l.key = min(max(m.sess.widths.key, 3), max(m.width-fixed-1-minProposalW, 8))
	rest := m.width - fixed - l.key - 1
	n := len(m.sess.names)
	if sw := min((rest-wideProposalW)/max(n, 1)-1, maxSourceW); n > 0 && sw >= 10 {
		for range m.sess.names {
			l.sources = append(l.sources, sw)
		}
		rest -= n * (sw + 1)
	}
	l.proposal = max(rest, minProposalW)
	return l
}

// columnWidths are the longest key, kind and subject of a session's list.
type columnWidths struct{ key, kind, subject int }

// measure finds the session's column widths, once.
func (s *session) measure() {
	w := columnWidths{key: 3, kind: 4}
	for _, it := range s.items {
		w.key = max(w.key, width(it.keyText))
		w.kind = max(w.kind, len(it.drift.Kind.String()))
		w.subject = max(w.subject, width(it.listSubject()))
	}
	s.widths = w
}

// listSubject is what the list's FIELD/SOURCE column shows.
func (it *item) listSubject() string {
	if it.drift.Kind == diff.Violation {
		return it.drift.Source + ":" + it.drift.Rule
	}
	return it.subject()
}

// sourceCell is what source i holds for an item: its value of the drift's
// field, "record" for a missing key it holds, "(absent)" when it lacks it.
func (s *session) sourceCell(i int, it *item) string {
	rec, ok := s.record(i, it)
	switch {
	case !ok:
		return "(absent)"
	case it.field == nil || it.drift.Kind == diff.Missing:
		return "record"
	}
	return plain(json.RawMessage(rec[it.field.Index].JSON))
}
