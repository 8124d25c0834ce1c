package cmd

import (
	"encoding/json"
	"testing"

	"github.com/drift-sh/drift/diff"
)

// TestGateCountsKeys counts the keys at or above --fail-on, each once
// however many drifts it has and wherever they stand in the report.
func TestGateCountsKeys(t *testing.T) {
	key := func(id string) diff.Key { return diff.Key{{Field: "id", Value: json.RawMessage(id)}} }
	drift := func(k diff.Key, kind diff.Kind, severity string) diff.Drift {
		return diff.Drift{Key: k, Kind: kind, Severity: severity}
	}
	one, two := key("1"), key("2")
	r := &diff.Report{Drifts: []diff.Drift{
		drift(one, diff.Changed, ""),
		drift(key("1"), diff.Changed, ""), // the same key, another slice
		drift(one, diff.Violation, ""),
		drift(two, diff.Missing, ""),
		drift(key("1"), diff.Violation, ""), // key 1 again, not next to its others
		drift(key("3"), diff.Violation, "warning"),
		drift(diff.Key{{Field: "id", Value: json.RawMessage("1")}, {Field: "b", Value: json.RawMessage(`"x"`)}}, diff.Changed, ""),
	}}
	for _, tt := range []struct {
		failOn string
		want   int
	}{
		{"any", 3},
		{"violation", 1},
		{"none", 0},
	} {
		if got := (gate{failOn: tt.failOn}).failing(r); got != tt.want {
			t.Errorf("--fail-on %s: %d failing keys, want %d", tt.failOn, got, tt.want)
		}
	}
}
