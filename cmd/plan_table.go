package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
)

// writePlanTable prints a plan for people: each op with what it changes
// where, from which value to which and by which rule, then the manual items
// with why.
//
// max caps the ops shown (0: all): a plan saved with -o holds them all,
// and a terminal does not need ten thousand rows.
func writePlanTable(w io.Writer, p *repair.Plan, max int) {
	fmt.Fprintf(w, "plan %s  contract %s v%d\n", p.PlanID, p.Contract.Name, p.Contract.Version)
	fmt.Fprintf(w, "%d ops, %d manual\n", len(p.Ops), len(p.Manual))
	if len(p.Ops) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SOURCE\tKEY\tACTION\tFIELD\tFROM\tTO\tRULE")
		for i, op := range p.Ops {
			if max > 0 && i == max {
				fmt.Fprintf(tw, "… and %d more ops\n", len(p.Ops)-max)
				break
			}
			for _, row := range opRows(op) {
				fmt.Fprintln(tw, strings.Join(row, "\t"))
			}
		}
		tw.Flush()
	}
	if len(p.Manual) > 0 {
		fmt.Fprintln(w, "\nmanual (not decided automatically):")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY\tFIELD\tDRIFT\tWHY\tCANDIDATES")
		for _, m := range p.Manual {
			field := m.Field
			if field == "" {
				field = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", keyLabel(m.Key), field, m.Drift, m.Why, candidatesLabel(m.Candidates))
		}
		tw.Flush()
	}
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
		rows = append(rows, []string{op.Source, key, "update", s.Field, string(from), string(s.Value), r})
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
			parts[i] = s
		} else {
			parts[i] = string(p.Value)
		}
	}
	return strings.Join(parts, "/")
}

func candidatesLabel(vs diff.Values) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.Source + "=" + string(v.Value)
	}
	return strings.Join(parts, " ")
}
