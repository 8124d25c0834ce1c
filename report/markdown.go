package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/drift-sh/drift/diff"
)

// MarkdownMaxRows caps the drift table of a Markdown report, so a large
// drift still fits in a pull-request comment; the rest is counted in a
// closing "... and N more" line.
const MarkdownMaxRows = 200

// markdownMaxValue caps the width of one value or message, so a few huge
// values cannot push a comment past the host's size limit.
const markdownMaxValue = 120

// MarkdownWriter writes a report for a pull-request comment: a heading with
// the verdict, a summary and sources table, then one table row per drift.
type MarkdownWriter struct{}

// Write writes r as GitHub-flavoured Markdown.
func (MarkdownWriter) Write(w io.Writer, r *diff.Report) error {
	if r == nil {
		return errNilReport
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", markdownVerdict(r))
	writeMarkdownSummary(&b, r)
	if len(r.Drifts) > 0 {
		writeMarkdownDrifts(&b, r.Drifts)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func markdownVerdict(r *diff.Report) string {
	name := mdEscape(fmt.Sprintf("%s@%d", r.Contract.Name, r.Contract.Version))
	s := r.Summary
	failed := len(failedSources(r))
	var verdict string
	switch {
	case len(r.Drifts) == 0 && failed > 0:
		return fmt.Sprintf("⚠️ Incomplete scan of %s: no drift among the sources read, %s unreadable",
			name, plural(failed, "source", "sources"))
	case len(r.Drifts) == 0 && s.Filter != nil:
		return fmt.Sprintf("✅ No drift in %s (filtered: %s)", name, mdEscape(s.Filter.String()))
	case len(r.Drifts) == 0:
		return fmt.Sprintf("✅ No drift in %s", name)
	case s.DriftedKeys > 0:
		verdict = fmt.Sprintf("❌ Drift in %s: %s, %s", name,
			plural(s.DriftedKeys, "drifted key", "drifted keys"), plural(s.Violations, "violation", "violations"))
	default:
		verdict = fmt.Sprintf("❌ Contract violations in %s: %s", name, plural(s.Violations, "violation", "violations"))
	}
	if failed > 0 {
		verdict += fmt.Sprintf(" (⚠️ incomplete: %s unreadable)", plural(failed, "source", "sources"))
	}
	if f := s.Filter; f != nil {
		verdict += " (filtered: " + mdEscape(f.String()) + ")"
	}
	return verdict
}

func writeMarkdownSummary(b *strings.Builder, r *diff.Report) {
	s := r.Summary
	b.WriteString("| keys | drifted keys | missing | changed | violations |\n")
	b.WriteString("| ---: | ---: | ---: | ---: | ---: |\n")
	fmt.Fprintf(b, "| %d | %d | %d | %d | %d |\n\n", s.Keys, s.DriftedKeys, s.Missing, s.Changed, s.Violations)
	if len(r.Sources) == 0 {
		return
	}
	b.WriteString("| source | type | records | status |\n")
	b.WriteString("| --- | --- | ---: | --- |\n")
	for _, src := range r.Sources {
		status := "ok"
		switch {
		case src.Error != nil:
			status = "**failed:** " + mdEscape(*src.Error)
		case src.Authoritative:
			status = "ok (authority)"
		}
		fmt.Fprintf(b, "| %s | %s | %d | %s |\n", mdEscape(src.Name), mdEscape(src.Type), src.Records, status)
	}
	b.WriteString("\n")
}

func writeMarkdownDrifts(b *strings.Builder, drifts []diff.Drift) {
	b.WriteString("### Drifts\n\n")
	b.WriteString("| key | kind | field / source / rule | values |\n")
	b.WriteString("| --- | --- | --- | --- |\n")
	for i, d := range drifts {
		if i == MarkdownMaxRows {
			fmt.Fprintf(b, "\n... and %d more (see `drift scan --format json`)\n", len(drifts)-i)
			return
		}
		what, detail := markdownDriftCells(d)
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", mdCode(keyString(d.Key)), d.Kind, what, detail)
	}
}

// markdownDriftCells returns the "field / source / rule" and "values" cells
// of one drift row.
func markdownDriftCells(d diff.Drift) (string, string) {
	switch d.Kind {
	case diff.Changed:
		vals := make([]string, len(d.Values))
		for i, v := range d.Values {
			value, _ := displayValue(v.Value)
			vals[i] = mdEscape(v.Source) + ": " + mdCode(text.Snip(value, markdownMaxValue, "…"))
		}
		return mdEscape(d.Field), strings.Join(vals, "<br>")
	case diff.Missing:
		return "missing from " + mdEscape(d.Source), ""
	}
	what := mdEscape(d.Source) + " / " + mdEscape(d.Rule)
	if d.Field != "" {
		what += " / " + mdEscape(d.Field)
	}
	return what, mdEscape(text.Snip(d.Message, markdownMaxValue, "…"))
}

// mdEscape makes text safe in a table cell: pipes are escaped and line
// breaks become <br>.
func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\\", "\\\\")
	s = strings.ReplaceAll(s, "|", "\\|")
	return strings.ReplaceAll(s, "\n", "<br>")
}

// mdCode wraps text in a code span whose backtick fence is longer than any
// backtick run inside it; pipes are still escaped, as GitHub tables need.
func mdCode(s string) string {
	s = oneLine(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + strings.ReplaceAll(s, "|", "\\|") + fence
}
