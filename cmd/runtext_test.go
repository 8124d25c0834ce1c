package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// TestRunTextMatchesSprintf: each op's line of apply's text output is what
// fmt.Sprintf("%-15s %-7s %-10s %s") and the notes after it wrote, for any
// outcome, names and texts, multibyte and invalid UTF-8 included.
func TestRunTextMatchesSprintf(t *testing.T) {
	outcomes := []state.Outcome{state.OutcomeApplied, state.OutcomeAlreadyApplied, state.OutcomeConflict,
		state.OutcomeFailed, state.OutcomeNotApplied}
	rapid.Check(t, func(t *rapid.T) {
		res := &repair.RunResult{RunID: "r1", Status: state.StatusDone}
		for range rapid.IntRange(0, 6).Draw(t, "ops") {
			op := repair.OpResult{
				Outcome: rapid.SampledFrom(outcomes).Draw(t, "outcome"),
				Action:  rapid.SampledFrom([]string{"update", "insert", "delete", "élan", ""}).Draw(t, "action"),
				Source:  rapid.String().Draw(t, "source"),
				Key:     json.RawMessage(rapid.String().Draw(t, "key")),
				Resumed: rapid.Bool().Draw(t, "resumed"),
				Error:   rapid.String().Draw(t, "error"),
			}
			if rapid.Bool().Draw(t, "current") {
				op.Current = json.RawMessage(rapid.String().Draw(t, "current text"))
			}
			res.Ops = append(res.Ops, op)
		}
		var want bytes.Buffer
		for _, op := range res.Ops {
			line := fmt.Sprintf("%-15s %-7s %-10s %s", op.Outcome, op.Action, op.Source, op.Key)
			if op.Resumed {
				line += "  (finished by an earlier run)"
			}
			if op.Outcome == state.OutcomeConflict {
				line += "  current: " + string(op.Current)
			}
			if op.Outcome == state.OutcomeFailed {
				line += "  error: " + op.Error
			}
			fmt.Fprintln(&want, line)
		}
		fmt.Fprintf(&want, "run r1 (done): 0 applied, 0 already applied, 0 conflict, 0 failed\n")
		var got bytes.Buffer
		writeRunText(&got, res)
		if got.String() != want.String() {
			t.Fatalf("got\n%q\nwant\n%q", got.String(), want.String())
		}
	})
}
