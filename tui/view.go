package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// View draws the screen: a title line, the body, a message line, the
// status line with counts, and the help bar.
func (m Model) View() string {
	helpView := m.help.View(m.helpFor())
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
	helpH := 1 // the short help is one line, cut to the width
	if m.help.ShowAll {
		helpH = lipgloss.Height(m.help.View(m.helpFor()))
	}
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
	case stateOp:
		return m.opView()
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
	stateResult: "result", stateFailed: "error", stateOp: "op",
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

// countsView is the status line: the cursor's position among the drifts
// shown ("3/10"), the filters, and how many drifts are decided how.
func (m Model) countsView() string {
	if m.sess == nil {
		return ""
	}
	c := m.sess.counts()
	pos := fmt.Sprintf("%d/%d", min(m.list.cursor+1, len(m.list.visible)), len(m.list.visible))
	var narrow []string
	if m.list.kind != 0 {
		narrow = append(narrow, m.list.kind.String())
	}
	if v := m.list.filter.Value(); v != "" {
		narrow = append(narrow, "/"+v)
	}
	if len(narrow) > 0 {
		pos += " [" + strings.Join(narrow, " ") + "]"
	}
	parts := []string{pos, fmt.Sprintf("%d drifts", len(m.sess.items))}
	for _, ch := range []choice{chooseAccept, chooseSource, chooseEdit, chooseSkip, chooseManual} {
		if c[ch] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", ch, c[ch]))
		}
	}
	parts = append(parts, fmt.Sprintf("open %d", c[undecided]))
	if n := m.sess.tally.conflict; n > 0 {
		parts = append(parts, fmt.Sprintf("! conflict %d", n))
	}
	if n := m.sess.tally.unsettled; n > 0 {
		parts = append(parts, fmt.Sprintf("~ cannot converge %d", n))
	}
	return styleDim.Render(strings.Join(parts, " · "))
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

// listView draws the drift list; a wide terminal also shows each
// source's value side by side.
func (m Model) listView() string {
	if len(m.sess.items) == 0 {
		return "\n  No drift: every source agrees."
	}
	w := m.listWidths()
	head := []string{"", "KEY", "KIND", "FIELD/SOURCE", "AGE"}
	for i := range w.sources {
		head = append(head, fmt.Sprintf("%d %s", i+1, m.sess.names[i]))
	}
	head = append(head, "PROPOSAL", "DECISION")
	lines := []string{styleHeader.Render(row(w.all(), head...))}
	now := m.opts.now()
	end := min(m.list.offset+m.listRows(), len(m.list.visible))
	for n := m.list.offset; n < end; n++ {
		it := m.sess.items[m.list.visible[n]]
		mark := " "
		if n == m.list.cursor {
			mark = "›"
		}
		dec := it.flag() + it.decision.label()
		if dec == "" && it.decidable() {
			dec = "·"
		}
		cells := []string{mark, it.keyText, it.drift.Kind.String(), it.listSubject(), age(it.drift.FirstSeen, now)}
		for i := range w.sources {
			cells = append(cells, m.sess.sourceCell(i, it))
		}
		cells = append(cells, it.proposalCell(w.proposal), dec)
		lines = append(lines, m.selectedRow(n == m.list.cursor, row(w.all(), cells...)))
	}
	if len(m.list.visible) == 0 {
		lines = append(lines, "  no drift matches the filter; esc clears it")
	}
	return strings.Join(lines, "\n")
}

// selectedRow shows the cursor's row reversed when colour is on.
func (m Model) selectedRow(selected bool, line string) string {
	if selected && lipgloss.ColorProfile() != termenv.Ascii {
		return styleSelected.Render(cell(line, m.width))
	}
	return line
}
