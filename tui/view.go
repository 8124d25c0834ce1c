package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/drift-sh/drift/diff"
)

// View draws the screen: a title line, the body, a message line, the
// status line with counts, and the help bar.
func (m Model) View() string {
	helpView := m.help.View(m.keys.helpFor(m.state))
	body := m.body()
	lines := strings.Split(body, "\n")
	h := m.bodyHeight()
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = fit(l, m.width)
	}
	out := []string{fit(m.titleView(), m.width)}
	out = append(out, lines...)
	out = append(out, fit(m.messageView(), m.width), fit(m.countsView(), m.width), helpView)
	return strings.Join(out, "\n")
}

// bodyHeight is how many lines the body gets.
func (m Model) bodyHeight() int {
	helpH := lipgloss.Height(m.help.View(m.keys.helpFor(m.state)))
	return max(m.height-3-helpH, 1)
}

// listRows is how many drifts the list shows at once.
func (m Model) listRows() int { return max(m.bodyHeight()-1, 1) }

func (m Model) body() string {
	switch m.state {
	case stateScanning:
		return m.scanView()
	case stateList, stateFilter:
		return m.listView()
	case stateDetail:
		return m.detailView()
	case stateEdit:
		return m.editView()
	case stateConfirm:
		return "\n  " + styleHeader.Render(m.confirm.question) + "\n\n  y: yes   n/esc: no"
	case stateReview:
		return m.reviewView()
	case stateApplying:
		return m.applyingView()
	case stateResult:
		return m.resultView()
	case stateFailed:
		return "\n  " + styleErr.Render("error: "+fmt.Sprint(m.err))
	}
	return ""
}

var screenNames = map[viewState]string{
	stateScanning: "scanning", stateList: "drifts", stateFilter: "drifts", stateDetail: "detail",
	stateEdit: "edit", stateConfirm: "confirm", stateReview: "review", stateApplying: "applying",
	stateResult: "result", stateFailed: "error",
}

func (m Model) titleView() string {
	c := m.opts.Config.Contract
	return styleTitle.Render(fmt.Sprintf("drift repair · %s v%d · %s", c.Name, c.Version, screenNames[m.state]))
}

func (m Model) messageView() string {
	switch {
	case m.state == stateFilter:
		return m.list.filter.View()
	case m.status == "":
		return ""
	case m.statusErr:
		return styleErr.Render("! " + m.status)
	}
	return styleOK.Render(m.status)
}

// countsView is the status line: how many drifts, shown, and decided.
func (m Model) countsView() string {
	if m.sess == nil {
		return ""
	}
	c := m.sess.counts()
	var narrow []string
	if m.list.kind != 0 {
		narrow = append(narrow, m.list.kind.String())
	}
	if v := m.list.filter.Value(); v != "" {
		narrow = append(narrow, "/"+v)
	}
	shown := fmt.Sprintf("%d shown", len(m.list.visible))
	if len(narrow) > 0 {
		shown += " [" + strings.Join(narrow, " ") + "]"
	}
	return styleDim.Render(fmt.Sprintf("%d drifts · %s · accept %d · source %d · edit %d · skip %d · manual %d · open %d",
		len(m.sess.items), shown, c[chooseAccept], c[chooseSource], c[chooseEdit],
		c[chooseSkip], c[chooseManual], c[undecided]))
}

func (m Model) scanView() string {
	var b strings.Builder
	b.WriteString("\n  Scanning…\n\n")
	for _, o := range m.opts.Sources {
		st := "reading"
		if e, ok := m.scan.done[o.Name]; ok {
			st = "done"
			if e != "" {
				st = "failed: " + e
			}
		}
		fmt.Fprintf(&b, "  %-12s %8d records  %s\n", o.Name, m.scan.read[o.Name], st)
	}
	return b.String()
}

// listView draws the drift list.
func (m Model) listView() string {
	if len(m.sess.items) == 0 {
		return "\n  No drift: every source agrees."
	}
	w := m.listWidths()
	lines := []string{styleHeader.Render(row(w, "", "KEY", "KIND", "FIELD/SOURCE", "AGE", "PROPOSAL", "DECISION"))}
	now := m.opts.now()
	end := min(m.list.offset+m.listRows(), len(m.list.visible))
	for n := m.list.offset; n < end; n++ {
		it := m.sess.items[m.list.visible[n]]
		mark := " "
		if n == m.list.cursor {
			mark = "›"
		}
		subject := it.subject()
		if it.drift.Kind == diff.Violation {
			subject = it.drift.Source + ":" + it.drift.Rule
		}
		dec := it.decision.label()
		if dec == "" && it.decidable() {
			dec = "·"
		}
		line := row(w, mark, it.keyText, it.drift.Kind.String(), subject, age(it.drift.FirstSeen, now), it.proposal(), dec)
		if n == m.list.cursor && lipgloss.ColorProfile() != termenv.Ascii {
			line = styleSelected.Render(cell(line, m.width))
		}
		lines = append(lines, line)
	}
	if len(m.list.visible) == 0 {
		lines = append(lines, "  no drift matches the filter; esc clears it")
	}
	return strings.Join(lines, "\n")
}

// listWidths sizes the list's columns; the proposal takes what is left.
func (m Model) listWidths() []int {
	key := 8
	for _, it := range m.sess.items {
		key = max(key, min(len(it.keyText), 10+(m.width-minWidth)/4))
	}
	fixed := []int{1, key, 9, 13, 4, 0, 14}
	used := len(fixed) - 1
	for _, w := range fixed {
		used += w
	}
	fixed[5] = max(m.width-used, 10)
	return fixed
}
