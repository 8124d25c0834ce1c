package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/drift-sh/drift/state"
)

// ExplainSchema names the JSON output of drift explain.
const ExplainSchema = "drift.explain/v1"

// Explanation is one key's decision trail: the canonical key object and
// its events, oldest first (state.KeyEvents).
type Explanation struct {
	Key    json.RawMessage
	Events []state.Event
	// Lifecycles are the key's drifts as the store keeps them, one each,
	// oldest first: when each was first and last seen and resolved. They
	// outlive the scans' detail, which retention prunes.
	Lifecycles []state.Lifecycle
}

// ExplainWriter writes a key's trail in one format of `drift explain
// --format`.
type ExplainWriter interface {
	WriteExplain(w io.Writer, e Explanation) error
}

var (
	_ ExplainWriter = (*ExplainTextWriter)(nil)
	_ ExplainWriter = (*ExplainJSONWriter)(nil)
)

// NewExplainWriter returns the explain writer for a format name: table
// (the trail as text) or json.
func NewExplainWriter(format string, opts Options) (ExplainWriter, error) {
	switch format {
	case "table":
		return &ExplainTextWriter{Options: opts}, nil
	case "json":
		return &ExplainJSONWriter{}, nil
	}
	return nil, unknownFormat(format, "table", "json")
}

// ExplainJSONWriter writes drift.explain/v1.
type ExplainJSONWriter struct{}

// WriteExplain writes e as one indented JSON object.
func (ExplainJSONWriter) WriteExplain(w io.Writer, e Explanation) error {
	events := e.Events
	if events == nil {
		events = []state.Event{}
	}
	return writeIndented(w, struct {
		Schema string          `json:"schema"`
		Key    json.RawMessage `json:"key"`
		Events []state.Event   `json:"events"`
		Drifts []lifecycleJSON `json:"drifts"`
	}{ExplainSchema, e.Key, events, lifecyclesJSON(e.Lifecycles)})
}

// ExplainTextWriter prints the trail for people, oldest first, one block
// per event. A line wider than Options.Width is wrapped, not cut: an audit
// trail's before and after images are read whole.
type ExplainTextWriter struct {
	Options Options
}

// WriteExplain writes e's trail.
func (t *ExplainTextWriter) WriteExplain(w io.Writer, e Explanation) error {
	width := t.Options.width()
	var b strings.Builder
	line := func(format string, a ...any) {
		for _, l := range wrapLine(fmt.Sprintf(format, a...), width) {
			b.WriteString(l + "\n")
		}
	}
	key := string(e.Key)
	if len(e.Events) == 0 && len(e.Lifecycles) == 0 {
		line("key %s has no history: no saved scan saw drift on it, and no run or repair session touched it", key)
	} else {
		line("key %s", key)
	}
	for _, ev := range e.Events {
		b.WriteByte('\n')
		when := ev.At.Format(time.RFC3339)
		switch ev.Kind {
		case "scan":
			line("%s  scan %s saw %d drift(s)", when, ev.ScanID, len(ev.Drifts))
			for _, d := range ev.Drifts {
				line("    %s", driftLine(d))
			}
		case "op":
			line("%s  %s run %s by %s@%s", when, ev.RunKind, ev.RunID, ev.User, ev.Host)
			line("    %s %s: %s", ev.Action, ev.Source, ev.Outcome)
			if ev.RollbackOf != "" {
				line("    rollback of run %s", ev.RollbackOf)
			}
			if why := reasonLine(ev.Reason); why != "" {
				line("    why:    %s", why)
			}
			line("    before: %s", ev.Before)
			line("    after:  %s", ev.After)
			if ev.Error != "" {
				line("    error:  %s", ev.Error)
			}
		case "decision":
			line("%s  decision by %s on drift %s: %s %s", when, ev.DecidedBy, ev.Drift, ev.Choice, ev.Value)
		case "persistent", "resolved":
			line("%s  drift %s %s %s", when, ev.DriftID, ev.Kind, lifecycleText(ev.LifecycleEvent))
		}
	}
	if len(e.Lifecycles) > 0 {
		b.WriteString("\ndrifts on this key:\n")
		for _, l := range e.Lifecycles {
			line("    %s", lifecycleLine(l))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrapIndent is how far a wrapped line's continuations are indented.
const wrapIndent = 12

// wrapLine splits a line wider than width into the line and indented
// continuations, breaking after a space or a comma where one is near the
// end, so JSON members stay whole where they can.
func wrapLine(s string, width int) []string {
	s = oneLine(s)
	if width <= wrapIndent+10 || text.StringWidth(s) <= width {
		return []string{s}
	}
	var out []string
	room := width
	for text.StringWidth(s) > room {
		cut := breakAt([]rune(s), room)
		out = append(out, strings.TrimRight(string([]rune(s)[:cut]), " "))
		s = string([]rune(s)[cut:])
		room = width - wrapIndent
	}
	out = append(out, s)
	for i := 1; i < len(out); i++ {
		out[i] = strings.Repeat(" ", wrapIndent) + out[i]
	}
	return out
}

// breakAt is how many runes of s fit in room columns, backed up to just
// after a space or comma past its first quarter when there is one.
func breakAt(s []rune, room int) int {
	n := fitRunes(s, room)
	for i := n; i > n/4; i-- {
		if s[i-1] == ' ' || s[i-1] == ',' {
			return i
		}
	}
	return n
}

// driftLine is one drift of a scan: what diverged, with the values.
func driftLine(d state.EventDrift) string {
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

// lifecycleText says what a lifecycle event's drift is about and, once
// resolved, how long it took to converge.
func lifecycleText(l *state.LifecycleEvent) string {
	what := l.DriftKind
	if l.DriftField != "" {
		what += " " + l.DriftField
	}
	if l.DriftSource != "" {
		what += " in " + l.DriftSource
	}
	out := "(" + what + ", first seen " + l.FirstSeen.Format(time.RFC3339)
	if l.LatencySeconds > 0 {
		d, unit := time.Duration(l.LatencySeconds*float64(time.Second)), time.Second
		if d < time.Second {
			unit = time.Millisecond
		}
		out += ", converged in " + d.Round(unit).String()
	}
	return out + ")"
}
