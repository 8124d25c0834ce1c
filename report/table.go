package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/drift-sh/drift/diff"
)

// TableWriter writes the report for the on-call engineer at a terminal: a
// header naming the contract and each source's read, the drifts grouped by
// key with each source's value side by side, and a one-line summary that
// says loudly when a source could not be read.
type TableWriter struct {
	Options Options
}

// Write writes r as a table.
func (t *TableWriter) Write(w io.Writer, r *diff.Report) error {
	if r == nil {
		return errNilReport
	}
	st := newStyles(t.Options.Color)
	width := t.Options.width()
	var b strings.Builder
	writeTableHeader(&b, r, st, width)
	b.WriteByte('\n')
	if len(r.Drifts) == 0 {
		b.WriteString(fitLine(noDriftLine(r), width, st, styleGood))
	} else {
		b.WriteString(renderDriftTable(r, st, width, t.Options.now(r)))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	writeTableSummary(&b, r, st, width)
	_, err := io.WriteString(w, b.String())
	return err
}

// fitLine truncates a line to the width, styles it and ends it.
func fitLine(s string, width int, st styles, c cellStyle) string {
	return st.render(c, text.Snip(s, width, "…")) + "\n"
}

func writeTableHeader(b *strings.Builder, r *diff.Report, st styles, width int) {
	head := fmt.Sprintf("drift scan · contract %s@%d", r.Contract.Name, r.Contract.Version)
	if r.RunID != "" {
		head += " · run " + r.RunID
	}
	if !r.StartedAt.IsZero() {
		head += " · " + r.StartedAt.UTC().Format("2006-01-02 15:04:05Z")
		if d := r.FinishedAt.Sub(r.StartedAt); d > 0 {
			head += fmt.Sprintf(" (%s)", d.Round(shortRound(d)))
		}
	}
	b.WriteString(fitLine(head, width, st, styleBold))
	nameW, typeW, recW := 0, 0, 0
	for _, s := range r.Sources {
		nameW = max(nameW, text.StringWidth(s.Name))
		typeW = max(typeW, text.StringWidth(s.Type))
		recW = max(recW, len(thousands(s.Records)))
	}
	for _, s := range r.Sources {
		line := fmt.Sprintf("  %s  %s  %s records", text.Pad(s.Name, nameW, ' '),
			text.Pad(s.Type, typeW, ' '), padLeft(thousands(s.Records), recW))
		c := stylePlain
		switch {
		case s.Error != nil:
			line += "  FAILED: " + oneLine(*s.Error)
			c = styleLoud
		case s.Authoritative:
			line += "  authority"
		}
		b.WriteString(fitLine(line, width, st, c))
	}
}

func writeTableSummary(b *strings.Builder, r *diff.Report, st styles, width int) {
	s := r.Summary
	line := fmt.Sprintf("%s · %d drifted · %d missing · %d changed · %s",
		plural(s.Keys, "key", "keys"), s.DriftedKeys, s.Missing, s.Changed,
		plural(s.Violations, "violation", "violations"))
	c := stylePlain
	if len(r.Drifts) > 0 {
		c = styleBold
	}
	b.WriteString(fitLine(line, width, st, c))
	if s.Filter != nil {
		b.WriteString(fitLine("filtered: "+s.Filter.String(), width, st, stylePlain))
	}
	failed := failedSources(r)
	if len(failed) == 0 {
		return
	}
	names := make([]string, len(failed))
	for i, f := range failed {
		names[i] = f.Name
	}
	loud := fmt.Sprintf("INCOMPLETE: %s could not be read (%s); this report covers only the other sources",
		plural(len(failed), "source", "sources"), strings.Join(names, ", "))
	b.WriteString(fitLine(loud, width, st, styleLoud))
}

func noDriftLine(r *diff.Report) string {
	if len(failedSources(r)) > 0 {
		return "No drift among the sources that could be read."
	}
	if f := r.Summary.Filter; f != nil {
		return fmt.Sprintf("No drift matches the filter (%s) among %s.", f.String(), plural(r.Summary.Keys, "key", "keys"))
	}
	return fmt.Sprintf("No drift: all %s agree and satisfy the contract.", plural(r.Summary.Keys, "key", "keys"))
}

func padLeft(s string, w int) string {
	return strings.Repeat(" ", max(0, w-text.StringWidth(s))) + s
}
