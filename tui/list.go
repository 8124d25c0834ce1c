package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/drift-sh/drift/diff"
)

// listModel is the drift list: a filter, a kind filter and a cursor over
// the items they let through.
type listModel struct {
	filter  textinput.Model
	kind    diff.Kind // 0: every kind
	visible []int     // indexes into session.items
	cursor  int       // index into visible
	offset  int       // first visible row shown
}

func newListModel() listModel {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "text, kind:missing, field:email, source:cache"
	return listModel{filter: in}
}

// refresh recomputes the visible items, keeping the cursor on the same
// item when it stays visible.
func (l *listModel) refresh(s *session) {
	if s == nil {
		return
	}
	var keep = -1
	if l.cursor < len(l.visible) {
		keep = l.visible[l.cursor]
	}
	l.visible = l.visible[:0]
	terms := strings.Fields(strings.ToLower(l.filter.Value()))
	for i, it := range s.items {
		if (l.kind == 0 || it.drift.Kind == l.kind) && it.matches(terms) {
			l.visible = append(l.visible, i)
		}
	}
	l.cursor = 0
	for n, i := range l.visible {
		if i == keep {
			l.cursor = n
		}
	}
	l.offset = min(l.offset, l.cursor)
}

// matches reports whether every filter term matches the item: kind:,
// field: and source: terms match those parts, other terms any text shown.
func (it *item) matches(terms []string) bool {
	for _, t := range terms {
		name, val, scoped := strings.Cut(t, ":")
		var ok bool
		switch {
		case scoped && name == "kind":
			ok = strings.HasPrefix(it.drift.Kind.String(), val)
		case scoped && name == "field":
			ok = strings.Contains(strings.ToLower(it.drift.Field), val)
		case scoped && name == "source":
			ok = it.involves(val)
		default:
			hay := strings.ToLower(strings.Join([]string{it.keyText, it.drift.Kind.String(), it.drift.Field,
				it.drift.Source, it.drift.Rule, it.proposal(), it.decision.label()}, " "))
			ok = strings.Contains(hay, t)
		}
		if !ok {
			return false
		}
	}
	return true
}

// involves reports whether a drift concerns a source: it names it, or
// one of its proposed ops writes to it.
func (it *item) involves(source string) bool {
	if strings.Contains(strings.ToLower(it.drift.Source), source) {
		return true
	}
	for _, op := range it.ops {
		if strings.Contains(strings.ToLower(op.Source), source) {
			return true
		}
	}
	return false
}

func (l *listModel) nextKind() {
	for i, k := range kinds {
		if k == l.kind {
			l.kind = kinds[(i+1)%len(kinds)]
			return
		}
	}
	l.kind = 0
}

// move moves the cursor, scrolling a window of rows lines.
func (l *listModel) move(by, rows int) {
	l.cursor = max(0, min(l.cursor+by, len(l.visible)-1))
	l.clamp(rows)
}

// clamp keeps the cursor inside the window of rows lines.
func (l *listModel) clamp(rows int) {
	rows = max(rows, 1)
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+rows {
		l.offset = l.cursor - rows + 1
	}
}

func (l *listModel) current(s *session) *item {
	if l.cursor < 0 || l.cursor >= len(l.visible) {
		return nil
	}
	return s.items[l.visible[l.cursor]]
}

// proposals lists the visible undecided items that have a proposal to
// accept; a decision already taken is not overridden by a batch.
func (l *listModel) proposals(s *session) []*item {
	var out []*item
	for _, i := range l.visible {
		if it := s.items[i]; it.decidable() && len(it.ops) > 0 && it.decision.choice == undecided {
			out = append(out, it)
		}
	}
	return out
}

// tally counts the decisions over every item, and the conflicts and the
// writes that cannot converge, for the status line; it is kept up to date
// by retally, so that drawing a screen does not walk every drift.
type tally struct {
	choices             map[choice]int
	conflict, unsettled int
}

// retally counts the session's decisions again, after a decision.
func (s *session) retally() {
	t := tally{choices: map[choice]int{}}
	for _, it := range s.items {
		if !it.decidable() {
			continue
		}
		t.choices[it.decision.choice]++
		if it.conflict != "" {
			t.conflict++
		}
		if it.unsettled != "" && it.decision.choice != undecided {
			t.unsettled++
		}
	}
	s.tally = t
}

// counts is how many drifts are decided each way.
func (s *session) counts() map[choice]int { return s.tally.choices }

// nextOpen moves the cursor to the next shown drift still to decide,
// wrapping to the top; it stays when none is left.
func (l *listModel) nextOpen(s *session, rows int) {
	n := len(l.visible)
	for step := 1; step < n; step++ {
		i := (l.cursor + step) % n
		if it := s.items[l.visible[i]]; it.decidable() && it.decision.choice == undecided {
			l.cursor = i
			l.clamp(rows)
			return
		}
	}
}

// show moves the cursor to an item, clearing the filters when they hide it.
func (l *listModel) show(s *session, it *item, rows int) {
	for pass := 0; pass < 2; pass++ {
		for n, i := range l.visible {
			if s.items[i] == it {
				l.cursor = n
				l.clamp(rows)
				return
			}
		}
		l.filter.SetValue("")
		l.kind = 0
		l.refresh(s)
	}
}

// navigate moves the cursor for a movement key (see keymap.navigate) in
// a window of rows lines; it reports whether msg was one.
func (l *listModel) navigate(k keymap, msg tea.KeyMsg, rows int) bool {
	next, ok := k.navigate(msg, l.cursor, len(l.visible), rows)
	if ok {
		l.cursor = next
		l.clamp(rows)
	}
	return ok
}
