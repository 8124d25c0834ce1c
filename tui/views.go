package tui

import (
	"encoding/json"
	"fmt"
	"path/filepath"
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
		lines = append(lines, "", "plan saved: "+m.shortPath(m.result.planFile))
	}
	if res.Status == state.StatusInterrupted {
		lines = append(lines, "resume with: drift apply "+m.result.planFile)
	}
	lines = append(lines, "")
	if m.canUndo() {
		lines = append(lines, styleHeader.Render("u undoes this run (rolls back its applied ops)"))
	}
	lines = append(lines, "enter goes back to the list, scanned again")
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

// shortPath shows a path inside the config's folder relative to it.
func (m Model) shortPath(path string) string {
	rel, err := filepath.Rel(m.opts.Config.Dir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return path
	}
	return rel
}
