package watch

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/state"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func drift(id string, kind diff.Kind, source string) diff.Drift {
	return diff.Drift{ID: id, Kind: kind, Source: source,
		Key: diff.Key{{Field: "id", Value: json.RawMessage(`"` + id + `"`)}}}
}

var (
	lag     = drift("lag", diff.Changed, "")
	stuck   = drift("stuck", diff.Missing, "replica")
	broken  = drift("broken", diff.Violation, "cache")
	replica = map[string]bool{"replica": true}
)

// scanAt is one scan of the script: at second sec, seeing drifts, with
// sources failed.
type scanAt struct {
	sec    int
	drifts []diff.Drift
	failed map[string]bool
}

// outcome is what a script leads to: the events in order ("persistent
// stuck@30"), the convergence samples ("changed 10s"), and each drift's
// final class.
type outcome struct {
	events    []string
	converged []string
	classes   map[string]state.Class
}

func TestAdvance(t *testing.T) {
	const grace = 30 * time.Second
	tests := []struct {
		name    string
		scans   []scanAt
		want    outcome
		noGrace bool
	}{
		{"converges within grace: no alert, one sample", []scanAt{
			{0, []diff.Drift{lag}, nil}, {10, []diff.Drift{lag}, nil}, {20, nil, nil},
		}, outcome{converged: []string{"changed 20s"}, classes: map[string]state.Class{"lag": state.ClassResolved}}, false},
		{"lag that comes and goes never alerts", []scanAt{
			{0, []diff.Drift{lag}, nil}, {20, nil, nil}, {40, []diff.Drift{lag}, nil}, {60, nil, nil},
			{80, []diff.Drift{lag}, nil}, {100, []diff.Drift{lag}, nil},
		}, outcome{converged: []string{"changed 20s", "changed 20s"}, classes: map[string]state.Class{"lag": state.ClassConverging}}, false},
		{"persists: one alert, one resolved", []scanAt{
			{0, []diff.Drift{stuck}, nil}, {20, []diff.Drift{stuck}, nil}, {30, []diff.Drift{stuck}, nil},
			{40, []diff.Drift{stuck}, nil}, {90, []diff.Drift{stuck}, nil}, {100, nil, nil}, {110, nil, nil},
		}, outcome{events: []string{"drift persistent stuck@30s", "drift resolved stuck@1m40s"},
			converged: []string{"missing 1m40s"}, classes: map[string]state.Class{"stuck": state.ClassResolved}}, false},
		{"a failed source makes its drift unknown, not resolved", []scanAt{
			{0, []diff.Drift{stuck, broken}, nil}, {10, nil, replica}, {20, nil, replica},
		}, outcome{converged: []string{"violation 10s"},
			classes: map[string]state.Class{"stuck": state.ClassUnknown, "broken": state.ClassResolved}}, false},
		{"unknown drift seen again keeps its first_seen and alerts once", []scanAt{
			{0, []diff.Drift{stuck}, nil}, {10, nil, replica}, {40, []diff.Drift{stuck}, nil}, {50, []diff.Drift{stuck}, nil},
		}, outcome{events: []string{"drift persistent stuck@40s"}, classes: map[string]state.Class{"stuck": state.ClassPersistent}}, false},
		{"zero grace: persistent at once", []scanAt{{0, []diff.Drift{lag}, nil}},
			outcome{classes: map[string]state.Class{"lag": state.ClassPersistent}, events: []string{"drift persistent lag@0s"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := grace
			if tt.noGrace {
				g = 0
			}
			if got := play(nil, tt.scans, g); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestAdvanceRestart stops a watch between scans and starts another from
// what the store holds: the lifecycle goes on, with no second alert.
func TestAdvanceRestart(t *testing.T) {
	first := []scanAt{{0, []diff.Drift{stuck}, nil}, {40, []diff.Drift{stuck}, nil}}
	var rows map[string]state.Lifecycle
	got := play(&rows, first, 30*time.Second)
	if len(got.events) != 1 {
		t.Fatalf("first watch: events %v, want one alert", got.events)
	}
	var open []state.Lifecycle
	for _, l := range rows {
		if l.Open() {
			open = append(open, l)
		}
	}
	second := []scanAt{{50, []diff.Drift{stuck}, nil}, {60, nil, nil}}
	after := replay(open, second, 30*time.Second)
	want := outcome{events: []string{"drift resolved stuck@1m0s"}, converged: []string{"missing 1m0s"},
		classes: map[string]state.Class{"stuck": state.ClassResolved}}
	if !reflect.DeepEqual(after, want) {
		t.Errorf("second watch\n got  %+v\nwant %+v", after, want)
	}
}

func play(store *map[string]state.Lifecycle, scans []scanAt, grace time.Duration) outcome {
	rows := map[string]state.Lifecycle{}
	if store != nil {
		*store = rows
	}
	return run(rows, nil, scans, grace)
}

func replay(open []state.Lifecycle, scans []scanAt, grace time.Duration) outcome {
	rows := map[string]state.Lifecycle{}
	for _, l := range open {
		rows[l.DriftID] = l
	}
	return run(rows, open, scans, grace)
}

// run feeds the scans to Advance as a watch does, keeping the saved rows
// in rows, as the store would.
func run(rows map[string]state.Lifecycle, open []state.Lifecycle, scans []scanAt, grace time.Duration) outcome {
	out := outcome{classes: map[string]state.Class{}}
	for i, s := range scans {
		at := t0.Add(time.Duration(s.sec) * time.Second)
		st := Advance("accounts", open, Observed{RunID: fmt.Sprint("s", i), At: at, Drifts: s.drifts, Failed: s.failed}, grace)
		for _, l := range st.Save {
			rows[l.DriftID] = l
		}
		for _, e := range st.Events {
			out.events = append(out.events, fmt.Sprintf("%s %s@%s", e.Type, e.Drift.DriftID, at.Sub(t0)))
		}
		for _, c := range st.Converged {
			out.converged = append(out.converged, fmt.Sprintf("%s %s", c.Kind, c.Latency))
		}
		open = st.Open
	}
	for id, l := range rows {
		out.classes[id] = l.Class
	}
	return out
}
