package tui

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
)

// Styles of the session. Colour follows lipgloss's colour profile (the
// command sets it to Ascii under NO_COLOR), so every mark that carries
// meaning is also a character: "›" for the cursor, "*" for a differing field.
var (
	styleTitle    = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("12"))
	styleHeader   = lipgloss.NewStyle().Bold(true)
	styleSelected = lipgloss.NewStyle().Reverse(true)
	styleDiff     = lipgloss.NewStyle().Foreground(lipgloss.Color("11")).Bold(true)
	styleErr      = lipgloss.NewStyle().Foreground(lipgloss.Color("9"))
	styleOK       = lipgloss.NewStyle().Foreground(lipgloss.Color("10"))
	styleDim      = lipgloss.NewStyle().Faint(true)
)

// cell fits s into exactly w columns: cut with an ellipsis, or padded.
func cell(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = strings.ReplaceAll(s, "\n", " ")
	if lipgloss.Width(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-lipgloss.Width(s))
}

// fit cuts a line to w columns with an ellipsis.
func fit(s string, w int) string {
	if len(s) <= w || width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// middle fits s into exactly w columns, shortened in the middle so that
// both ends stay (keys and values differ as often at their end as at their
// start), or padded.
func middle(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = strings.ReplaceAll(s, "\n", " ")
	sw := width(s)
	if sw > w {
		head := (w - 1 + 1) / 2
		tail := w - 1 - head
		s = ansi.Truncate(s, head, "") + "…" + ansi.TruncateLeft(s, sw-tail, "")
	}
	return s + strings.Repeat(" ", max(w-width(s), 0))
}

// width is the columns s takes; plain ASCII, the common case of keys and
// values, is counted without measuring graphemes.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == 0x1b {
			return lipgloss.Width(s)
		}
	}
	return len(s)
}

// row joins cells of the given widths with one space between them; a cell
// too long is shortened in the middle.
func row(widths []int, cells ...string) string {
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = middle(c, widths[i])
	}
	return strings.TrimRight(strings.Join(parts, " "), " ")
}

// age is how long ago t was, in its largest unit: "3d", "5h", "12m".
func age(t *time.Time, now time.Time) string {
	if t == nil {
		return "-"
	}
	d := now.Sub(*t)
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	case d >= time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	case d >= time.Minute:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	}
	return "<1m"
}

// ruleText names a strategy and the source whose value it took.
func ruleText(strategy, from string) string {
	if from == "" {
		return strategy
	}
	return strategy + " (" + from + ")"
}

// subject is what a drift is about: its field, or its source.
func (it *item) subject() string {
	if it.drift.Field != "" {
		return it.drift.Field
	}
	return it.drift.Source
}

// proposal is the planner's proposal in a few words.
func (it *item) proposal() string {
	switch {
	case it.drift.Kind == diff.Violation:
		return "-"
	case len(it.ops) > 0 && it.drift.Kind == diff.Changed:
		v, _ := it.proposedValue()
		fr := fieldReason(it.ops[0], it.field.Name, it.drift.ID)
		return plain(v) + " · " + ruleText(fr.Strategy, fr.From)
	case len(it.ops) > 0:
		return opsText(it.ops)
	case it.manual != nil:
		return "manual: " + it.manual.Why
	}
	return "no write"
}

// proposalCell is the proposal in w columns: whole when it fits, else
// its value (or action) without the rule, which the detail view shows.
func (it *item) proposalCell(w int) string {
	full := it.proposal()
	if width(full) <= w {
		return full
	}
	switch {
	case it.drift.Kind == diff.Changed && len(it.ops) > 0:
		v, _ := it.proposedValue()
		return plain(v)
	case len(it.ops) > 0:
		if short, _, ok := strings.Cut(full, " ("); ok {
			return short
		}
	case it.manual != nil:
		return fit(full, w)
	}
	return full
}

// opsText says what inserts and deletes do: "insert into replica (primary)".
func opsText(ops []repair.Op) string {
	var ins, del []string
	from := ""
	for _, op := range ops {
		switch op.Action {
		case repair.ActionInsert:
			ins, from = append(ins, op.Source), op.Reason.From
		case repair.ActionDelete:
			del = append(del, op.Source)
		}
	}
	var parts []string
	if len(ins) > 0 {
		parts = append(parts, "insert into "+strings.Join(ins, ", ")+" ("+from+")")
	}
	if len(del) > 0 {
		parts = append(parts, "delete from "+strings.Join(del, ", "))
	}
	return strings.Join(parts, "; ")
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
