package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/drift-sh/drift/repair"
)

// reviewModel shows the ops the decisions make, one line per written
// field, with a cursor.
type reviewModel struct {
	plan   *repair.Plan
	lines  []reviewLine
	cursor int
	offset int
}

// reviewLine is one written field (or record) of the review.
type reviewLine struct {
	op              repair.Op
	field, from, to string
	rule            string
}

// reviewLines lists every op of a plan, one line per written field.
func reviewLines(p *repair.Plan) []reviewLine {
	var out []reviewLine
	for _, op := range p.Ops {
		rule := ruleText(op.Reason.Strategy, op.Reason.From)
		switch op.Action {
		case repair.ActionInsert:
			out = append(out, reviewLine{op: op, field: "*", from: "(absent)", to: "record", rule: rule})
		case repair.ActionDelete:
			out = append(out, reviewLine{op: op, field: "*", from: "record", to: "(absent)", rule: rule})
		default:
			for i, fv := range op.Set {
				fr := rule
				if i < len(op.Reason.Fields) {
					fr = ruleText(op.Reason.Fields[i].Strategy, op.Reason.Fields[i].From)
				}
				exp, _ := op.Expect.Get(fv.Field)
				out = append(out, reviewLine{op: op, field: fv.Field, from: plain(exp), to: plain(fv.Value), rule: fr})
			}
		}
	}
	return out
}

// openReview builds the plan the decisions make and shows it; decisions
// that conflict are resolved first.
func (m Model) openReview() (tea.Model, tea.Cmd) {
	if cs := m.sess.conflicts(); len(cs) > 0 {
		m.list.show(m.sess, cs[0], m.listRows())
		m.setStatus(conflictErr(cs).Error(), true)
		return m, nil
	}
	plan, err := m.sess.amend()
	if err != nil {
		m.setStatus(err.Error(), true)
		return m, nil
	}
	m.review = reviewModel{plan: plan, lines: reviewLines(plan)}
	m.state = stateReview
	return m, nil
}

// reviewRows is how many op lines the review shows at once.
func (m Model) reviewRows() int {
	return max(m.bodyHeight()-4-m.sess.tally.unsettled, 1)
}

func (m Model) reviewKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k, r := m.keys, &m.review
	if next, ok := k.navigate(msg, r.cursor, len(r.lines), m.reviewRows()); ok {
		r.cursor = next
		r.offset = window(r.cursor, r.offset, m.reviewRows())
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Back):
		m.state = m.back
	case key.Matches(msg, k.Open):
		if len(r.lines) > 0 {
			m.state = stateOp
		}
	case key.Matches(msg, k.Apply):
		return m.startApply()
	}
	return m, nil
}

func (m Model) opKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back):
		m.state = stateReview
	case key.Matches(msg, m.keys.Apply):
		return m.startApply()
	}
	return m, nil
}

// window is the first row shown so that cursor stays inside rows lines.
func window(cursor, offset, rows int) int {
	rows = max(rows, 1)
	if cursor < offset {
		return cursor
	}
	if cursor >= offset+rows {
		return cursor - rows + 1
	}
	return offset
}

// reviewView lists exactly the ops that apply will run, and the
// decisions whose write cannot converge.
func (m Model) reviewView() string {
	p, r := m.review.plan, m.review
	c := m.sess.counts()
	head := fmt.Sprintf("Review · %d ops will run · plan %s", len(p.Ops), shortID(p.PlanID))
	if len(r.lines) > 0 {
		head += fmt.Sprintf(" · %d/%d", r.cursor+1, len(r.lines))
	}
	lines := []string{styleHeader.Render(head)}
	w := m.reviewWidths()
	lines = append(lines, styleHeader.Render(row(w, "", "SOURCE", "KEY", "ACTION", "FIELD", "EXPECT", "SET", "RULE")))
	end := min(r.offset+m.reviewRows(), len(r.lines))
	for n := r.offset; n < end; n++ {
		l := r.lines[n]
		mark := " "
		if n == r.cursor {
			mark = "›"
		}
		lines = append(lines, m.selectedRow(n == r.cursor, row(w, mark, l.op.Source, keyText(l.op.Key), string(l.op.Action), l.field, l.from, l.to, l.rule)))
	}
	if len(r.lines) == 0 {
		lines = append(lines, "  no op: nothing will be written")
	}
	for _, it := range m.sess.unsettledItems() {
		lines = append(lines, styleErr.Render(fmt.Sprintf("~ %s %s: %s", it.keyText, it.subject(), it.unsettled)))
	}
	lines = append(lines, fmt.Sprintf("not written: %d skipped · %d manual · %d undecided (left as they are)", c[chooseSkip], c[chooseManual], c[undecided]))
	if len(p.Ops) > 0 {
		lines = append(lines, styleHeader.Render(fmt.Sprintf("press y to apply %d ops to %s", len(p.Ops), strings.Join(planSources(p), ", "))))
	}
	return strings.Join(lines, "\n")
}

// reviewWidths sizes the review's columns: the key keeps what it needs
// (up to a third of the line), the values share the rest.
func (m Model) reviewWidths() []int {
	src, keyW := 7, 7
	for _, l := range m.review.lines {
		src = max(src, len(l.op.Source))
		keyW = max(keyW, len(keyText(l.op.Key)))
	}
	src, keyW = min(src, 12), min(keyW, max(m.width/3, 12))
	w := []int{1, src, keyW, 6, 10, 0, 0, 0}
	rest := max(m.width-w[0]-w[1]-w[2]-w[3]-w[4]-7, 24)
	w[5], w[6] = rest*3/10, rest*3/10
	w[7] = rest - w[5] - w[6]
	return w
}

// planSources lists the sources a plan writes, in op order.
func planSources(p *repair.Plan) []string {
	var out []string
	seen := map[string]bool{}
	for _, op := range p.Ops {
		if !seen[op.Source] {
			seen[op.Source] = true
			out = append(out, op.Source)
		}
	}
	return out
}
