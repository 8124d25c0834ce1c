package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
)

// PlanWriter writes a plan in one format of `drift plan --format`.
type PlanWriter interface {
	WritePlan(w io.Writer, p *repair.Plan) error
}

var (
	_ PlanWriter = (*PlanTableWriter)(nil)
	_ PlanWriter = (*PlanJSONWriter)(nil)
)

// NewPlanWriter returns the plan writer for a format name: table or json.
// max caps the ops the table shows (0: all).
func NewPlanWriter(format string, opts Options, max int) (PlanWriter, error) {
	switch format {
	case "table":
		return &PlanTableWriter{Options: opts, Max: max}, nil
	case "json":
		return &PlanJSONWriter{}, nil
	}
	return nil, unknownFormat(format, "table", "json")
}

// unknownFormat is the error for a --format no writer has.
func unknownFormat(format string, known ...string) error {
	return fmt.Errorf("--format %q: use %s or %s", format, strings.Join(known[:len(known)-1], ", "), known[len(known)-1])
}

// PlanJSONWriter writes the plan file itself, drift.plan/v1.
type PlanJSONWriter struct{}

// WritePlan writes p as its plan file.
func (PlanJSONWriter) WritePlan(w io.Writer, p *repair.Plan) error {
	data, err := p.Marshal()
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// PlanTableWriter writes a plan for people: each op with what it changes
// where, from which value to which and by which rule, then the manual
// items with why.
type PlanTableWriter struct {
	Options Options
	// Max caps the ops shown (0: all): a plan saved with -o holds them
	// all, and a terminal does not need ten thousand rows.
	Max int
}

// WritePlan writes p as tables that fit Options.Width.
func (t *PlanTableWriter) WritePlan(w io.Writer, p *repair.Plan) error {
	width := t.Options.width()
	var b strings.Builder
	fmt.Fprintf(&b, "plan %s  contract %s v%d\n", p.PlanID, p.Contract.Name, p.Contract.Version)
	fmt.Fprintf(&b, "%d ops, %d manual\n", len(p.Ops), len(p.Manual))
	if len(p.Ops) > 0 {
		var rows [][]string
		shown := p.Ops
		if t.Max > 0 && len(shown) > t.Max {
			shown = shown[:t.Max]
		}
		for _, op := range shown {
			rows = append(rows, opRows(op)...)
		}
		cols := []column{{"SOURCE", keyCol}, {"KEY", keyCol}, {"ACTION", keyCol}, {"FIELD", keyCol}, {"FROM", valueCol}, {"TO", valueCol}, {"RULE", valueCol}}
		b.WriteString("\n" + plainTable(cols, rows, width))
		if len(shown) < len(p.Ops) {
			fmt.Fprintf(&b, "… and %d more ops\n", len(p.Ops)-len(shown))
		}
	}
	if len(p.Manual) > 0 {
		b.WriteString("\nmanual (not decided automatically):\n")
		var rows [][]string
		for _, m := range p.Manual {
			field := m.Field
			if field == "" {
				field = "-"
			}
			rows = append(rows, []string{keyLabel(m.Key), field, m.Drift, m.Why, candidatesLabel(m.Candidates)})
		}
		cols := []column{{"KEY", keyCol}, {"FIELD", keyCol}, {"DRIFT", keyCol}, {"WHY", proseCol}, {"CANDIDATES", valueCol}}
		b.WriteString(plainTable(cols, rows, width))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// opRows is one row per field an op changes.
func opRows(op repair.Op) [][]string {
	key := keyLabel(op.Key)
	rule := ruleLabel(op.Reason.Strategy, op.Reason.From)
	switch op.Action {
	case "insert":
		return [][]string{{op.Source, key, "insert", "*", "(absent)", "record", rule}}
	case "delete":
		return [][]string{{op.Source, key, "delete", "*", "record", "(absent)", rule}}
	}
	var rows [][]string
	for i, s := range op.Set {
		from, _ := op.Expect.Get(s.Field)
		r := rule
		if i < len(op.Reason.Fields) {
			r = ruleLabel(op.Reason.Fields[i].Strategy, op.Reason.Fields[i].From)
		}
		rows = append(rows, []string{op.Source, key, "update", s.Field, oneLine(string(from)), oneLine(string(s.Value)), r})
	}
	return rows
}

func ruleLabel(strategy, from string) string {
	if from == "" {
		return strategy
	}
	return strategy + " (" + from + ")"
}

// keyLabel shows a key as its values joined by "/": eu/a-17.
func keyLabel(k diff.Key) string {
	parts := make([]string, len(k))
	for i, p := range k {
		var s string
		if json.Unmarshal(p.Value, &s) == nil {
			parts[i] = oneLine(s)
		} else {
			parts[i] = string(p.Value)
		}
	}
	return strings.Join(parts, "/")
}

func candidatesLabel(vs diff.Values) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.Source + "=" + oneLine(string(v.Value))
	}
	return strings.Join(parts, " ")
}
