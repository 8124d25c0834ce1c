package cmd

import (
	"encoding/json"
	"math"
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
		stop   int
		want   int
	}{
		{"any", math.MaxInt, 3},
		{"violation", math.MaxInt, 1},
		{"none", math.MaxInt, 0},
		{"any", 2, 2},
		{"any", 1, 1},
		{"violation", 1, 1},
	} {
		if got := (gate{failOn: tt.failOn}).failing(r, tt.stop); got != tt.want {
			t.Errorf("--fail-on %s, counting up to %d: %d failing keys, want %d", tt.failOn, tt.stop, got, tt.want)
		}
	}
	r.Summary.Keys = 100
	for _, tt := range []struct {
		maxDrift string
		want     bool
	}{
		{"0", true},
		{"2", true},
		{"3", false},
		{"2.9", true},
		{"2%", true},
		{"3%", false},
		{"2.99%", true},
	} {
		g, err := parseGate("any", tt.maxDrift)
		if err != nil {
			t.Fatal(err)
		}
		if got := g.fails(r); got != tt.want {
			t.Errorf("--max-drift %s: fails %v, want %v (3 failing keys of 100)", tt.maxDrift, got, tt.want)
		}
	}
}
