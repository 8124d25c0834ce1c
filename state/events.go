package state

import (
	"context"
	"encoding/json"
	"sort"
	"time"
)

// Event is one entry of a key's decision trail, as drift explain shows it
// and as drift.explain/v1 spells it: Kind is "scan", "op" or "decision"
// and says which of the embedded parts is set.
type Event struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
	*ScanEvent
	*OpEvent
	*DecisionEvent
	*LifecycleEvent
}

// LifecycleEvent is a turn in one drift's lifecycle as drift watch keeps
// it: reported persistent (kind "persistent"), or gone (kind "resolved",
// with the time it took to converge since first seen).
type LifecycleEvent struct {
	DriftID        string    `json:"drift_id"`
	DriftKind      string    `json:"drift_kind"`
	DriftSource    string    `json:"drift_source,omitempty"`
	DriftField     string    `json:"drift_field,omitempty"`
	FirstSeen      time.Time `json:"first_seen"`
	LatencySeconds float64   `json:"latency_seconds,omitempty"`
}

// ScanEvent is a saved scan that saw drift on the key.
type ScanEvent struct {
	ScanID string       `json:"scan_id"`
	Drifts []EventDrift `json:"drifts"`
}

// EventDrift is one drift a scan saw on the key.
type EventDrift struct {
	ID      string          `json:"id"`
	Kind    string          `json:"kind"`
	Source  string          `json:"source,omitempty"`
	Field   string          `json:"field,omitempty"`
	Rule    string          `json:"rule,omitempty"`
	Message string          `json:"message,omitempty"`
	Values  json.RawMessage `json:"values,omitempty"`
}

// EventContract names the contract a run was made under.
type EventContract struct {
	Name    string `json:"name"`
	Version int    `json:"version"`
	Digest  string `json:"digest"`
}

// OpEvent is one journaled write (or attempted write) to the key, with
// the run it was part of.
type OpEvent struct {
	RunID      string          `json:"run_id"`
	RunKind    string          `json:"run_kind"`
	PlanID     string          `json:"plan_id,omitempty"`
	RollbackOf string          `json:"rollback_of,omitempty"`
	Contract   EventContract   `json:"contract"`
	User       string          `json:"user"`
	Host       string          `json:"host"`
	OpID       string          `json:"op_id"`
	Source     string          `json:"source"`
	Action     string          `json:"action"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
	Outcome    string          `json:"outcome"`
	Error      string          `json:"error,omitempty"`
	// Reason is the plan's reason for the op: the strategy, the source
	// whose value won and the drift it fixed.
	Reason json.RawMessage `json:"reason,omitempty"`
}

// DecisionEvent is a choice a person made about one of the key's drifts
// in a repair session.
type DecisionEvent struct {
	DecisionRun string          `json:"decision_run_id,omitempty"`
	SessionID   string          `json:"session_id,omitempty"`
	Drift       string          `json:"drift"`
	Choice      string          `json:"choice"`
	Value       json.RawMessage `json:"value,omitempty"`
	DecidedBy   string          `json:"decided_by"`
}

// KeyEvents reads the key's trail from the store — the scans that saw
// drift on it, the ops that touched it and the decisions made about it —
// merged oldest first; empty, not nil, for a key with no history. keyJSON
// is the canonical key object.
func KeyEvents(ctx context.Context, st Store, keyJSON string) ([]Event, error) {
	drifts, err := st.DriftsForKey(ctx, keyJSON)
	if err != nil {
		return nil, err
	}
	events := scanEvents(drifts)
	ops, err := opEvents(ctx, st, keyJSON)
	if err != nil {
		return nil, err
	}
	events = append(events, ops...)
	decisions, err := st.DecisionsForKey(ctx, keyJSON)
	if err != nil {
		return nil, err
	}
	for _, d := range decisions {
		events = append(events, Event{At: d.Time.UTC(), Kind: "decision", DecisionEvent: &DecisionEvent{
			DecisionRun: d.RunID, SessionID: d.SessionID, Drift: d.DriftID, Choice: d.Choice, Value: d.Value, DecidedBy: d.User,
		}})
	}
	lifecycles, err := st.LifecyclesForKey(ctx, keyJSON)
	if err != nil {
		return nil, err
	}
	events = append(events, lifecycleEvents(lifecycles)...)
	sort.SliceStable(events, func(i, j int) bool { return events[i].At.Before(events[j].At) })
	if events == nil {
		events = []Event{}
	}
	return events, nil
}

// scanEvents groups the drifts by the scan that saw them.
func scanEvents(drifts []KeyDrift) []Event {
	var out []Event
	for _, d := range drifts {
		if len(out) == 0 || out[len(out)-1].ScanID != d.ScanID {
			out = append(out, Event{At: d.At.UTC(), Kind: "scan", ScanEvent: &ScanEvent{ScanID: d.ScanID}})
		}
		se := out[len(out)-1].ScanEvent
		se.Drifts = append(se.Drifts, EventDrift{ID: d.ID, Kind: d.Kind, Source: d.Source,
			Field: d.Field, Rule: d.Rule, Message: d.Message, Values: d.Values})
	}
	return out
}

// opEvents are the journal entries of the key with their runs.
func opEvents(ctx context.Context, st Store, keyJSON string) ([]Event, error) {
	entries, err := st.JournalForKey(ctx, keyJSON)
	if err != nil {
		return nil, err
	}
	runs, err := st.RunsForKey(ctx, keyJSON)
	if err != nil {
		return nil, err
	}
	byID := map[string]Run{}
	for _, r := range runs {
		byID[r.ID] = r
	}
	out := make([]Event, 0, len(entries))
	for _, e := range entries {
		r := byID[e.RunID]
		out = append(out, Event{At: e.At.UTC(), Kind: "op", OpEvent: &OpEvent{
			RunID: e.RunID, RunKind: string(r.Kind), PlanID: r.PlanID, RollbackOf: r.RollbackOf,
			Contract: EventContract{Name: r.Contract.Name, Version: r.Contract.Version, Digest: r.Contract.Digest},
			User:     r.User, Host: r.Host, OpID: e.OpID, Source: e.Source, Action: e.Action,
			Before: orNull(e.Before), After: orNull(e.After), Outcome: string(e.Outcome), Error: e.Error,
			Reason: e.Reason,
		}})
	}
	return out, nil
}

func orNull(b json.RawMessage) json.RawMessage {
	if len(b) == 0 {
		return json.RawMessage("null")
	}
	return b
}

// lifecycleEvents are the alerts and resolutions drift watch recorded for
// the key's drifts.
func lifecycleEvents(ls []Lifecycle) []Event {
	var out []Event
	for _, l := range ls {
		base := LifecycleEvent{DriftID: l.DriftID, DriftKind: l.Kind, DriftSource: l.Source, DriftField: l.Field, FirstSeen: l.FirstSeen.UTC()}
		if !l.AlertedAt.IsZero() {
			ev := base
			out = append(out, Event{At: l.AlertedAt.UTC(), Kind: "persistent", LifecycleEvent: &ev})
		}
		if !l.ResolvedAt.IsZero() {
			ev := base
			ev.LatencySeconds = l.ResolvedAt.Sub(l.FirstSeen).Seconds()
			out = append(out, Event{At: l.ResolvedAt.UTC(), Kind: "resolved", LifecycleEvent: &ev})
		}
	}
	return out
}
