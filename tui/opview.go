package tui

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/drift-sh/drift/repair"
)

// opView shows the op under the review's cursor: the target record before
// and after it, the fields it changes marked "*", and what it expects.
func (m Model) opView() string {
	r := m.review
	if r.cursor >= len(r.lines) {
		return ""
	}
	op := r.lines[r.cursor].op
	title := fmt.Sprintf("%s %s %s · %s", op.Action, op.Source, keyText(op.Key), ruleText(op.Reason.Strategy, op.Reason.From))
	lines := []string{styleHeader.Render(title)}
	before, after := m.sess.beforeAfter(op)
	fw := 10
	for _, f := range m.sess.cfg.Contract.Fields {
		fw = max(fw, len(f.Name))
	}
	cw := max((m.width-fw-4)/2, 8)
	w := []int{1, fw, cw, cw}
	lines = append(lines, styleHeader.Render(row(w, "", "FIELD", "BEFORE", "AFTER")))
	for _, f := range m.sess.cfg.Contract.Fields {
		if f.Ignore {
			continue
		}
		b, a := before[f.Name], after[f.Name]
		if b == a {
			lines = append(lines, row(w, " ", f.Name, b, a))
			continue
		}
		lines = append(lines, styleDiff.Render(row(w, "*", f.Name, b, a)))
	}
	if len(op.Expect) > 0 {
		var exp []string
		for _, fv := range op.Expect {
			exp = append(exp, fv.Field+"="+plain(fv.Value))
		}
		lines = append(lines, "", "written only if "+op.Source+" still holds "+strings.Join(exp, ", ")+" (compare-and-set)")
	}
	var fixes []string
	for _, it := range m.sess.byKey[op.Key.EngineString()] {
		if slices.Contains(m.sess.decisionOps(m.review.plan)[it.drift.ID], op.ID) {
			fixes = append(fixes, it.keyText+" "+it.subject())
		}
	}
	lines = append(lines, "", "fixes "+strings.Join(fixes, ", "))
	return strings.Join(lines, "\n")
}

// beforeAfter is the op's target record as the scan read it and as the
// op leaves it, field by field.
func (s *session) beforeAfter(op repair.Op) (before, after map[string]string) {
	before, after = map[string]string{}, map[string]string{}
	var rec []string
	for i, name := range s.names {
		if name != op.Source {
			continue
		}
		if vals, ok := s.res.Engine.Record(i, op.Key.EngineString()); ok {
			for _, v := range vals {
				rec = append(rec, plain(json.RawMessage(v.JSON)))
			}
		}
	}
	for _, f := range s.cfg.Contract.Fields {
		b := "(absent)"
		if rec != nil {
			b = rec[f.Index]
		}
		before[f.Name], after[f.Name] = b, b
		switch op.Action {
		case repair.ActionUpdate:
			if v, ok := op.Set.Get(f.Name); ok {
				after[f.Name] = plain(v)
			}
		case repair.ActionInsert:
			after[f.Name] = ""
			if v, ok := op.Record.Get(f.Name); ok {
				after[f.Name] = plain(v)
			}
		case repair.ActionDelete:
			after[f.Name] = "(absent)"
		}
	}
	return before, after
}
