package report

import (
	"encoding/json"
	"time"

	"github.com/drift-sh/drift/state"
)

// lifecycleJSON is one drift of the key in drift.explain/v1's drifts.
type lifecycleJSON struct {
	ID         string          `json:"id"`
	Contract   string          `json:"contract"`
	Key        json.RawMessage `json:"key"`
	Kind       string          `json:"kind"`
	Source     string          `json:"source,omitempty"`
	Field      string          `json:"field,omitempty"`
	Rule       string          `json:"rule,omitempty"`
	Class      string          `json:"class"`
	FirstSeen  time.Time       `json:"first_seen"`
	LastSeen   time.Time       `json:"last_seen"`
	ResolvedAt *time.Time      `json:"resolved_at"`
	AlertedAt  *time.Time      `json:"alerted_at"`
}

func lifecyclesJSON(ls []state.Lifecycle) []lifecycleJSON {
	out := make([]lifecycleJSON, 0, len(ls))
	for _, l := range ls {
		out = append(out, lifecycleJSON{ID: l.DriftID, Contract: l.Contract, Key: l.Key, Kind: l.Kind,
			Source: l.Source, Field: l.Field, Rule: l.Rule, Class: string(l.Class),
			FirstSeen: l.FirstSeen.UTC(), LastSeen: l.LastSeen.UTC(),
			ResolvedAt: optionalTime(l.ResolvedAt), AlertedAt: optionalTime(l.AlertedAt)})
	}
	return out
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// lifecycleLine is one drift of the key for people: "1a2b… changed email:
// resolved, first seen …, last seen …, resolved … (lasted 2h0m0s)".
func lifecycleLine(l state.Lifecycle) string {
	out := l.DriftID + " " + lifecycleWhat(l) + ": " + string(l.Class) +
		", first seen " + l.FirstSeen.UTC().Format(time.RFC3339) +
		", last seen " + l.LastSeen.UTC().Format(time.RFC3339)
	if !l.ResolvedAt.IsZero() {
		out += ", resolved " + l.ResolvedAt.UTC().Format(time.RFC3339) + " (lasted " + lasted(l).String() + ")"
	}
	return out
}
