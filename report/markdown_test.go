package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/drift-sh/drift/diff"
)

func renderMarkdown(t *testing.T, r *diff.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := (MarkdownWriter{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestMarkdownGolden(t *testing.T) {
	for _, rc := range reportCases() {
		t.Run(rc.name, func(t *testing.T) {
			golden(t, "markdown-"+rc.name, renderMarkdown(t, rc.report))
		})
	}
}

func TestMarkdownVerdict(t *testing.T) {
	tests := map[string]string{
		"no-drift":        "## ✅ No drift in accounts@3\n",
		"one-of-each":     "## ❌ Drift in accounts@3: 2 drifted keys, 1 violation\n",
		"failed-source":   "## ❌ Drift in accounts@3: 1 drifted key, 0 violations (⚠️ incomplete: 1 source unreadable)\n",
		"single-source":   "## ❌ Contract violations in accounts@3: 1 violation\n",
		"no-drift-failed": "## ⚠️ Incomplete scan of accounts@3: no drift among the sources read, 1 source unreadable\n",
	}
	failed := newReport(10)
	failed.Sources[1].Error = errText("open data/replica.csv: no such file or directory")
	for _, rc := range append(reportCases(), reportCase{"no-drift-failed", failed}) {
		want, ok := tests[rc.name]
		if !ok {
			continue
		}
		t.Run(rc.name, func(t *testing.T) {
			if got := renderMarkdown(t, rc.report); !strings.HasPrefix(got, want) {
				t.Errorf("heading: got\n%s\nwant prefix %q", got, want)
			}
		})
	}
}

// TestMarkdownCellsStayInTheirColumn checks every table row has exactly the
// header's number of unescaped pipes: an unescaped | or a newline in a value
// or message would break the table.
func TestMarkdownCellsStayInTheirColumn(t *testing.T) {
	for _, rc := range reportCases() {
		out := renderMarkdown(t, rc.report)
		for _, line := range strings.Split(out, "\n") {
			if !strings.HasPrefix(line, "| key |") && !strings.HasPrefix(line, "| `") {
				continue
			}
			if n := strings.Count(line, "|") - strings.Count(line, `\|`); n != 5 {
				t.Errorf("%s: row has %d cell borders, want 5: %s", rc.name, n, line)
			}
		}
	}
}

func TestMarkdownCap(t *testing.T) {
	var drifts []diff.Drift
	for i := range MarkdownMaxRows + 50 {
		drifts = append(drifts, missing(euKey(fmt.Sprintf("a-%04d", i)), "replica"))
	}
	out := renderMarkdown(t, newReport(1000, drifts...))
	if n := strings.Count(out, "\n| `"); n != MarkdownMaxRows {
		t.Errorf("%d drift rows, want %d", n, MarkdownMaxRows)
	}
	if !strings.Contains(out, "... and 50 more") {
		t.Errorf("no closing count of the rows left out:\n%s", out[len(out)-200:])
	}
	exact := renderMarkdown(t, newReport(1000, drifts[:MarkdownMaxRows]...))
	if strings.Contains(exact, "more") {
		t.Errorf("a report of exactly %d drifts should not say more", MarkdownMaxRows)
	}
}

func TestMarkdownEscape(t *testing.T) {
	tests := []struct{ name, in, esc, code string }{
		{"plain", "a@x.io", "a@x.io", "`a@x.io`"},
		{"pipe", "a|b", `a\|b`, "`a\\|b`"},
		{"newline", "a\nb", "a<br>b", "`a b`"},
		{"crlf", "a\r\nb", "a<br>b", "`a  b`"},
		{"backtick", "a`b", "a`b", "``a`b``"},
		{"edge backtick", "`a", "`a", "`` `a ``"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mdEscape(tt.in); got != tt.esc {
				t.Errorf("mdEscape(%q) = %q, want %q", tt.in, got, tt.esc)
			}
			if got := mdCode(tt.in); got != tt.code {
				t.Errorf("mdCode(%q) = %q, want %q", tt.in, got, tt.code)
			}
		})
	}
}
