package simulate

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Writer writes a simulation in one format.
type Writer interface {
	Write(w io.Writer, r *Result) error
}

// The formats of drift simulate.
var (
	_ Writer = JSONWriter{}
	_ Writer = TableWriter{}
	_ Writer = MarkdownWriter{}
)

// NewWriter returns the writer of a format: table, json or markdown.
func NewWriter(format string) (Writer, error) {
	switch format {
	case "table":
		return TableWriter{}, nil
	case "json":
		return JSONWriter{}, nil
	case "markdown":
		return MarkdownWriter{}, nil
	}
	return nil, fmt.Errorf("--format %q: use table, json or markdown", format)
}

// JSONWriter writes drift.simulation/v1, indented.
type JSONWriter struct{}

// Write writes r as JSON.
func (JSONWriter) Write(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// TableWriter writes a summary and one line per item, for a terminal.
type TableWriter struct{}

// Write writes r as text.
func (TableWriter) Write(w io.Writer, r *Result) error {
	for _, line := range summary(r) {
		fmt.Fprintln(w, line)
	}
	writeTable(w, r.Items)
	for _, f := range r.Faults {
		fmt.Fprintf(w, "\nfault: %s: %s\n", f.Scenario, opCounts(f.Ops))
		writeTable(w, f.Items)
	}
	return nil
}

func writeTable(w io.Writer, items []Item) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WHAT\tCHANGE\tSOURCE\tKEY\tDETAIL")
	for _, it := range items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", it.Kind, it.Change, orDash(it.Source), keyText(it.Key), detail(it))
	}
	tw.Flush()
}

// MarkdownWriter writes a summary and a table of items, for a pull
// request comment.
type MarkdownWriter struct{}

// Write writes r as Markdown.
func (MarkdownWriter) Write(w io.Writer, r *Result) error {
	lines := summary(r)
	fmt.Fprintf(w, "### %s\n\n", lines[0])
	for _, line := range lines[1:] {
		fmt.Fprintf(w, "- %s\n", line)
	}
	writeMarkdownTable(w, r.Items)
	for _, f := range r.Faults {
		fmt.Fprintf(w, "\n#### Fault: %s\n\n%s\n", f.Scenario, opCounts(f.Ops))
		writeMarkdownTable(w, f.Items)
	}
	return nil
}

func writeMarkdownTable(w io.Writer, items []Item) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintln(w, "\n| What | Change | Source | Key | Detail |\n|---|---|---|---|---|")
	for _, it := range items {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", it.Kind, it.Change, orDash(it.Source),
			cell("`"+keyText(it.Key)+"`"), cell(detail(it)))
	}
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// summary is the heading line, then one line per count.
func summary(r *Result) []string {
	cur, cand := r.Current.Contract, r.Candidate.Contract
	out := []string{
		fmt.Sprintf("simulation of scan %s: %s v%d → %s v%d", r.ScanID, cur.Name, cur.Version, cand.Name, cand.Version),
		"ops: " + opCounts(r.Ops),
		fmt.Sprintf("manual items: %d gained, %d lost", r.Manual.Gained, r.Manual.Lost),
		fmt.Sprintf("violations: %d gained, %d lost", r.Violations.Gained, r.Violations.Lost),
		fmt.Sprintf("drifted keys: %d → %d", r.DriftedKeys.Current, r.DriftedKeys.Candidate),
	}
	for _, s := range []struct {
		who  string
		side Side
	}{{"current", r.Current}, {"candidate", r.Candidate}} {
		if len(s.side.Unread) > 0 {
			out = append(out, fmt.Sprintf("not recorded, taken as null (the %s contract reads fields the recorded scan did not): %s",
				s.who, strings.Join(s.side.Unread, ", ")))
		}
	}
	if !r.Changes() {
		out = append(out, "no change")
	}
	return out
}

func opCounts(c OpCounts) string {
	return fmt.Sprintf("%d added, %d removed, %d changed", c.Added, c.Removed, c.Changed)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// detail says what an item is about, in one line.
func detail(it Item) string {
	switch it.Kind {
	case KindOp:
		switch it.Change {
		case Added:
			return writeText(it.New, false)
		case Removed:
			return writeText(it.Old, false)
		}
		old, cur := writeText(it.Old, false), writeText(it.New, false)
		if old == cur { // the ops differ in what they expect to find
			old, cur = writeText(it.Old, true), writeText(it.New, true)
		}
		return old + " → " + cur
	case KindDrift:
		return strings.Join(it.Fields, ", ")
	}
	var parts []string
	for _, p := range []string{it.Field, it.Rule, it.Message} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ": ")
}

// writeText shows an op's write: `update balance="12.00"`, and with
// expect what it expects to find: `update balance="12.00" expect
// balance="10.00"`.
func writeText(raw json.RawMessage, expect bool) string {
	var v opWrite
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	fields := v.Set
	if v.Action == "insert" {
		fields = v.Record
	}
	parts := []string{v.Action}
	for _, f := range fields {
		parts = append(parts, f.Field+"="+string(f.Value))
	}
	if expect && len(v.Expect) > 0 {
		parts = append(parts, "expect")
		for _, f := range v.Expect {
			parts = append(parts, f.Field+"="+string(f.Value))
		}
	}
	return strings.Join(parts, " ")
}
