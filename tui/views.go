package tui

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// editView is the value editor of one changed field.
func (m Model) editView() string {
	it := m.edit.item
	f := it.field
	lines := []string{
		styleHeader.Render(fmt.Sprintf("Edit %s · %s", it.keyText, f.Name)),
		"",
		"type     " + fieldKind(f),
	}
	var held []string
	for _, v := range it.drift.Values {
		held = append(held, v.Source+" "+plain(v.Value))
	}
	lines = append(lines, "values   "+strings.Join(held, " · "), "", m.edit.input.View(), "")
	if m.edit.err != "" {
		lines = append(lines, styleErr.Render("refused: "+m.edit.err))
	} else {
		lines = append(lines, styleDim.Render("enter saves the value; it is checked against the contract first"))
	}
	return strings.Join(lines, "\n")
}

// fieldKind describes what a field accepts.
func fieldKind(f *contract.Field) string {
	parts := []string{f.Type.String()}
	if len(f.Values) > 0 {
		parts = append(parts, "one of "+strings.Join(f.Values, ", "))
	}
	if f.Required {
		parts = append(parts, "required")
	}
	for _, n := range f.Normalize {
		parts = append(parts, n.String())
	}
	if f.Type == contract.TypeSet || f.Type == contract.TypeList {
		parts = append(parts, `members split on ";"`)
	}
	return strings.Join(parts, " · ")
}

// reviewLine is one written field (or record) of the review.
type reviewLine struct {
	op              repair.Op
	field, from, to string
	rule            string
}

// lines lists every op of the review's plan, one line per written field.
func (r reviewModel) lines(s *session) []reviewLine {
	var out []reviewLine
	for _, op := range r.plan.Ops {
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
				out = append(out, reviewLine{op: op, field: fv.Field, from: string(exp), to: string(fv.Value), rule: fr})
			}
		}
	}
	return out
}

// reviewView lists exactly the ops that apply will run.
func (m Model) reviewView() string {
	p := m.review.plan
	c := m.sess.counts()
	head := fmt.Sprintf("Review · %d ops will run · plan %s", len(p.Ops), shortID(p.PlanID))
	lines := []string{styleHeader.Render(head)}
	w := []int{8, 9, 6, 10, 0, 0, 0}
	rest := max(m.width-w[0]-w[1]-w[2]-w[3]-6, 30)
	w[4], w[5], w[6] = rest*3/10, rest*3/10, rest-2*(rest*3/10)
	lines = append(lines, styleHeader.Render(row(w, "SOURCE", "KEY", "ACTION", "FIELD", "EXPECT", "SET", "RULE")))
	all := m.review.lines(m.sess)
	rows := max(m.bodyHeight()-5, 1)
	end := min(m.review.offset+rows, len(all))
	for _, l := range all[m.review.offset:end] {
		lines = append(lines, row(w, l.op.Source, keyText(l.op.Key), string(l.op.Action), l.field, l.from, l.to, l.rule))
	}
	if len(all) == 0 {
		lines = append(lines, "  no op: nothing will be written")
	}
	lines = append(lines, "",
		fmt.Sprintf("not written: %d skipped · %d manual · %d undecided (left as they are)", c[chooseSkip], c[chooseManual], c[undecided]))
	if len(p.Ops) > 0 {
		lines = append(lines, styleHeader.Render(fmt.Sprintf("press y to apply %d ops to %s", len(p.Ops), strings.Join(planSources(p), ", "))))
	}
	return strings.Join(lines, "\n")
}

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

// shortID cuts a plan id for display.
func shortID(id string) string {
	if len(id) > 19 {
		return id[:19] + "…"
	}
	return id
}

// applyingView shows the progress of a running apply or rollback.
func (m Model) applyingView() string {
	pct := 0.0
	if m.apply.total > 0 {
		pct = float64(m.apply.done) / float64(m.apply.total)
	}
	lines := []string{"", fmt.Sprintf("  Applying %d of %d ops…", m.apply.done, m.apply.total), "", "  " + m.apply.bar.ViewAs(pct), ""}
	if op := m.apply.current; op.ID != "" {
		lines = append(lines, fmt.Sprintf("  last: %s %s %s", op.Action, op.Source, keyText(op.Key)))
	}
	if m.quitting {
		lines = append(lines, "", styleErr.Render("  stopping after the current op; the run can be resumed"))
	}
	return strings.Join(lines, "\n")
}

// resultView shows a finished run: its counts, each conflict's current
// value and each failure.
func (m Model) resultView() string {
	res := m.result.last()
	if res == nil {
		return "\n  " + styleErr.Render(fmt.Sprint(m.result.err))
	}
	what := "Applied"
	if res.Kind == state.KindRollback {
		what = "Rolled back " + res.RollbackOf + " as"
	}
	c := res.Counts
	lines := []string{
		styleHeader.Render(fmt.Sprintf("%s run %s · %s", what, res.RunID, res.Status)),
		fmt.Sprintf("%d applied · %d already applied · %d conflict · %d failed", c.Applied, c.AlreadyApplied, c.Conflict, c.Failed),
		"",
	}
	for _, op := range res.Ops {
		switch op.Outcome {
		case state.OutcomeConflict:
			lines = append(lines, styleErr.Render(fmt.Sprintf("conflict %s %s %s · current: %s", op.Action, op.Source, keyJSONText(op.Key), op.Current)))
		case state.OutcomeFailed:
			lines = append(lines, styleErr.Render(fmt.Sprintf("failed %s %s %s · %s", op.Action, op.Source, keyJSONText(op.Key), op.Error)))
		}
	}
	if m.result.planFile != "" {
		lines = append(lines, "", "plan saved: "+m.result.planFile)
	}
	if res.Status == state.StatusInterrupted {
		lines = append(lines, "resume with: drift apply "+m.result.planFile)
	}
	if res.Kind != state.KindRollback && c.Applied > 0 && !m.result.undone {
		lines = append(lines, "", styleHeader.Render("u undoes this run (rolls back its applied ops)"))
	}
	return strings.Join(lines, "\n")
}

// keyJSONText shows a run's key object as "eu/a-17".
func keyJSONText(raw json.RawMessage) string {
	var k repair.Fields
	if err := k.UnmarshalJSON(raw); err != nil {
		return string(raw)
	}
	parts := make([]string, len(k))
	for i, p := range k {
		parts[i] = plain(p.Value)
	}
	return strings.Join(parts, "/")
}
