package report

import (
	"encoding/json"
	"time"

	"github.com/drift-sh/drift/state"
)

// resolutionsTable lists resolved drifts, latest first: when, how long it
// lasted (first seen to resolved), what it was and on which key (drift
// explain KEY tells the rest; JSON has the drift id).
func resolutionsTable(ls []state.Lifecycle, width int) string {
	if len(ls) == 0 {
		return "no drift resolved yet; a scan that no longer sees an open drift resolves it\n"
	}
	cols := []column{{"RESOLVED", keyCol}, {"LASTED", valueCol}, {"WHAT", keyCol}, {"KEY", keyCol}}
	rows := make([][]string, len(ls))
	for i, l := range ls {
		rows[i] = []string{l.ResolvedAt.UTC().Format("20060102T150405Z"), lasted(l).String(),
			lifecycleWhat(l), string(l.Key)}
	}
	return plainTable(cols, rows, width)
}

// lifecycleWhat is a drift's kind with its field, rule and source:
// "changed email", "missing in replica".
func lifecycleWhat(l state.Lifecycle) string {
	out := l.Kind
	for _, p := range []string{l.Field, l.Rule} {
		if p != "" {
			out += " " + p
		}
	}
	if l.Source != "" {
		out += " in " + l.Source
	}
	return out
}

// lasted is first seen to resolved, to the millisecond.
func lasted(l state.Lifecycle) time.Duration {
	return l.ResolvedAt.Sub(l.FirstSeen).Round(time.Millisecond)
}

// resolutionJSON is one resolved drift in drift.history/v1.
type resolutionJSON struct {
	Contract       string          `json:"contract"`
	DriftID        string          `json:"drift_id"`
	Key            json.RawMessage `json:"key"`
	Kind           string          `json:"kind"`
	Source         string          `json:"source,omitempty"`
	Field          string          `json:"field,omitempty"`
	Rule           string          `json:"rule,omitempty"`
	FirstSeen      time.Time       `json:"first_seen"`
	LastSeen       time.Time       `json:"last_seen"`
	ResolvedAt     time.Time       `json:"resolved_at"`
	LatencySeconds float64         `json:"latency_seconds"`
	// Alerted says that drift watch reported it persistent.
	Alerted bool `json:"alerted"`
}

func resolutionsJSON(ls []state.Lifecycle) []resolutionJSON {
	out := make([]resolutionJSON, 0, len(ls))
	for _, l := range ls {
		out = append(out, resolutionJSON{Contract: l.Contract, DriftID: l.DriftID, Key: l.Key, Kind: l.Kind,
			Source: l.Source, Field: l.Field, Rule: l.Rule, FirstSeen: l.FirstSeen.UTC(), LastSeen: l.LastSeen.UTC(),
			ResolvedAt: l.ResolvedAt.UTC(), LatencySeconds: l.ResolvedAt.Sub(l.FirstSeen).Seconds(), Alerted: !l.AlertedAt.IsZero()})
	}
	return out
}
