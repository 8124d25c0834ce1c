package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/state"
)

// ExplainSchema names the JSON output of drift explain.
const ExplainSchema = "drift.explain/v1"

// explanation is drift.explain/v1: a key and its events, oldest first.
type explanation struct {
	Schema string          `json:"schema"`
	Key    json.RawMessage `json:"key"`
	Events []event         `json:"events"`
}

// event is one entry of a key's trail; Kind is scan, op or decision and
// says which of the other fields are set.
type event struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
	*scanEvent
	*opEvent
	*decisionEvent
}

// scanEvent is a scan that saw drift on the key.
type scanEvent struct {
	ScanID string       `json:"scan_id"`
	Drifts []eventDrift `json:"drifts"`
}

type eventDrift struct {
	ID      string          `json:"id"`
	Kind    string          `json:"kind"`
	Source  string          `json:"source,omitempty"`
	Field   string          `json:"field,omitempty"`
	Rule    string          `json:"rule,omitempty"`
	Message string          `json:"message,omitempty"`
	Values  json.RawMessage `json:"values,omitempty"`
}

// opEvent is one journaled write (or attempted write) to the key.
type opEvent struct {
	RunID      string           `json:"run_id"`
	RunKind    string           `json:"run_kind"`
	PlanID     string           `json:"plan_id,omitempty"`
	RollbackOf string           `json:"rollback_of,omitempty"`
	Contract   diff.ContractRef `json:"contract"`
	User       string           `json:"user"`
	Host       string           `json:"host"`
	OpID       string           `json:"op_id"`
	Source     string           `json:"source"`
	Action     string           `json:"action"`
	Before     json.RawMessage  `json:"before"`
	After      json.RawMessage  `json:"after"`
	Outcome    string           `json:"outcome"`
	Error      string           `json:"error,omitempty"`
	// Reason is the plan's reason for the op: the strategy, the source
	// whose value won and the drift it fixed.
	Reason json.RawMessage `json:"reason,omitempty"`
}

// decisionEvent is a choice made in a repair session.
type decisionEvent struct {
	DecisionRun string          `json:"decision_run_id,omitempty"`
	SessionID   string          `json:"session_id,omitempty"`
	Drift       string          `json:"drift"`
	Choice      string          `json:"choice"`
	Value       json.RawMessage `json:"value,omitempty"`
	DecidedBy   string          `json:"decided_by"`
}

// keyEvents reads a key's scans, ops and decisions and merges them by time.
func keyEvents(ctx context.Context, st state.Store, keyJSON string) ([]event, error) {
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
		events = append(events, event{At: d.Time.UTC(), Kind: "decision", decisionEvent: &decisionEvent{
			DecisionRun: d.RunID, SessionID: d.SessionID, Drift: d.DriftID, Choice: d.Choice, Value: d.Value, DecidedBy: d.User,
		}})
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].At.Before(events[j].At) })
	if events == nil {
		events = []event{}
	}
	return events, nil
}

// scanEvents groups the drifts by the scan that saw them.
func scanEvents(drifts []state.KeyDrift) []event {
	var out []event
	for _, d := range drifts {
		if len(out) == 0 || out[len(out)-1].ScanID != d.ScanID {
			out = append(out, event{At: d.At.UTC(), Kind: "scan", scanEvent: &scanEvent{ScanID: d.ScanID}})
		}
		se := out[len(out)-1].scanEvent
		se.Drifts = append(se.Drifts, eventDrift{ID: d.ID, Kind: d.Kind, Source: d.Source,
			Field: d.Field, Rule: d.Rule, Message: d.Message, Values: d.Values})
	}
	return out
}

// opEvents are the journal entries of the key with their runs.
func opEvents(ctx context.Context, st state.Store, keyJSON string) ([]event, error) {
	entries, err := st.JournalForKey(ctx, keyJSON)
	if err != nil {
		return nil, err
	}
	runs, err := st.RunsForKey(ctx, keyJSON)
	if err != nil {
		return nil, err
	}
	byID := map[string]state.Run{}
	for _, r := range runs {
		byID[r.ID] = r
	}
	out := make([]event, 0, len(entries))
	for _, e := range entries {
		r := byID[e.RunID]
		out = append(out, event{At: e.At.UTC(), Kind: "op", opEvent: &opEvent{
			RunID: e.RunID, RunKind: string(r.Kind), PlanID: r.PlanID, RollbackOf: r.RollbackOf,
			Contract: diff.ContractRef{Name: r.Contract.Name, Version: r.Contract.Version, Digest: r.Contract.Digest},
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

// writeExplain prints the trail, oldest first, one block per event.
func writeExplain(w io.Writer, key string, events []event) {
	if len(events) == 0 {
		fmt.Fprintf(w, "key %s has no history: no saved scan saw drift on it, and no run or repair session touched it\n", key)
		return
	}
	fmt.Fprintf(w, "key %s\n", key)
	for _, e := range events {
		when := e.At.Format(time.RFC3339)
		switch e.Kind {
		case "scan":
			fmt.Fprintf(w, "\n%s  scan %s saw %d drift(s)\n", when, e.ScanID, len(e.Drifts))
			for _, d := range e.Drifts {
				fmt.Fprintf(w, "    %s\n", driftLine(d))
			}
		case "op":
			fmt.Fprintf(w, "\n%s  %s run %s by %s@%s: %s %s: %s\n", when, e.RunKind, e.RunID, e.User, e.Host, e.Action, e.Source, e.Outcome)
			if e.RollbackOf != "" {
				fmt.Fprintf(w, "    rollback of run %s\n", e.RollbackOf)
			}
			if why := reasonLine(e.Reason); why != "" {
				fmt.Fprintf(w, "    why:    %s\n", why)
			}
			fmt.Fprintf(w, "    before: %s\n    after:  %s\n", e.Before, e.After)
			if e.Error != "" {
				fmt.Fprintf(w, "    error:  %s\n", e.Error)
			}
		case "decision":
			fmt.Fprintf(w, "\n%s  decision by %s on drift %s: %s %s\n", when, e.DecidedBy, e.Drift, e.Choice, e.Value)
		}
	}
}

// driftLine is one drift of a scan: what diverged, with the values.
func driftLine(d eventDrift) string {
	parts := []string{d.Kind}
	for _, p := range []string{d.Field, d.Rule} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if d.Source != "" {
		parts = append(parts, "in "+d.Source)
	}
	if len(d.Values) > 0 {
		parts = append(parts, string(d.Values))
	}
	if d.Message != "" {
		parts = append(parts, "— "+d.Message)
	}
	return strings.Join(parts, " ")
}

// reasonLine renders an op's reason: "email: authority (primary), drift
// 1a2b…" for each field it fixed, or the action's own reason.
func reasonLine(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var r struct {
		Strategy string `json:"strategy"`
		From     string `json:"from"`
		Drift    string `json:"drift"`
		Fields   []struct {
			Field    string `json:"field"`
			Strategy string `json:"strategy"`
			From     string `json:"from"`
			Drift    string `json:"drift"`
		} `json:"fields"`
	}
	if json.Unmarshal(raw, &r) != nil || r.Strategy == "" {
		return ""
	}
	one := func(strategy, from, drift string) string {
		s := strategy
		if from != "" {
			s += " (" + from + ")"
		}
		return s + ", drift " + drift
	}
	if len(r.Fields) == 0 {
		return one(r.Strategy, r.From, r.Drift)
	}
	parts := make([]string, len(r.Fields))
	for i, f := range r.Fields {
		parts[i] = f.Field + ": " + one(f.Strategy, f.From, f.Drift)
	}
	return strings.Join(parts, "; ")
}
