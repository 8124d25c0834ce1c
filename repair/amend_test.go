package repair_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
)

// acceptAll is an accept of every changed and missing drift of a scan.
func acceptAll(res *scan.Result) []repair.Decision {
	var out []repair.Decision
	for _, d := range res.Report.Drifts {
		if d.Kind != diff.Violation {
			out = append(out, repair.Decision{Drift: d.ID, Choice: repair.ChoiceAccept})
		}
	}
	return out
}

// Accepting every proposal of a session gives the plan drift plan makes,
// byte for byte; the only refused accepts are of drifts it writes nothing
// for, refused with the planner's reason.
func TestAmendAcceptAllIsThePlan(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/*/drift.yaml")
	dirs = append(dirs, "../examples/accounts/drift.yaml")
	for _, f := range dirs {
		dir := filepath.Dir(f)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			in, res := inputDir(t, dir)
			want, err := repair.Build(in)
			if err != nil {
				t.Fatal(err)
			}
			decs := acceptAll(res)
			got, errs, err := repair.Amend(in, decs)
			if err != nil {
				t.Fatal(err)
			}
			gb, _ := got.Marshal()
			wb, _ := want.Marshal()
			if string(gb) != string(wb) {
				t.Errorf("amended plan:\n%s\nplan:\n%s", gb, wb)
			}
			written := map[string]bool{}
			for _, op := range want.Ops {
				written[op.Reason.Drift] = true
				for _, fr := range op.Reason.Fields {
					written[fr.Drift] = true
				}
			}
			for i, e := range errs {
				if e != nil && (written[decs[i].Drift] || !strings.Contains(e.Error(), "the planner")) {
					t.Errorf("accept of %s refused: %v", decs[i].Drift, e)
				}
			}
		})
	}
}

// pick names one decision: the drift by key text and field (changed) or
// source (missing).
type pick struct {
	key, subject string
	choice       repair.Choice
	source       string
	value        string // JSON, for an edit
}

func decisionsOf(t *testing.T, res *scan.Result, picks []pick) []repair.Decision {
	t.Helper()
	var out []repair.Decision
	for _, p := range picks {
		id := ""
		for _, d := range res.Report.Drifts {
			if d.Kind != diff.Violation && repair.KeyText(d.Key) == p.key && d.Field+d.Source == p.subject {
				id = d.ID
			}
		}
		if id == "" {
			t.Fatalf("no drift %s %s", p.key, p.subject)
		}
		d := repair.Decision{Drift: id, Choice: p.choice, Source: p.source}
		if p.value != "" {
			d.Value = json.RawMessage(p.value)
		}
		out = append(out, d)
	}
	return out
}

// opLine shows an op compactly: source key action set/expect or record,
// and its rule.
func opLine(op repair.Op) string {
	line := fmt.Sprintf("%s %s %s", op.Source, repair.KeyText(op.Key), op.Action)
	switch op.Action {
	case "insert":
		rec, _ := op.Record.MarshalJSON()
		line += " " + string(rec)
	case "update":
		set, _ := op.Set.MarshalJSON()
		exp, _ := op.Expect.MarshalJSON()
		line += fmt.Sprintf(" set %s expect %s", set, exp)
	}
	line += " · " + op.Reason.Strategy
	if op.Reason.From != "" {
		line += " (" + op.Reason.From + ")"
	}
	return line
}

func accept(key, subject string) pick {
	return pick{key: key, subject: subject, choice: repair.ChoiceAccept}
}
func take(key, subject, src string) pick {
	return pick{key: key, subject: subject, choice: repair.ChoiceSource, source: src}
}
func edit(key, subject, v string) pick {
	return pick{key: key, subject: subject, choice: repair.ChoiceEdit, value: v}
}
func choose(key, subject string, c repair.Choice) pick {
	return pick{key: key, subject: subject, choice: c}
}
