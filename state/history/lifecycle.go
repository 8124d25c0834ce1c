package history

import (
	"slices"
	"strings"
	"time"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// DefaultGrace is the grace when neither --grace nor resolve.grace sets one.
const DefaultGrace = 5 * time.Minute

// Observed is one finished scan as the lifecycle sees it.
type Observed struct {
	RunID string
	// At is the scan's start: a drift seen by it was there at least then.
	At     time.Time
	Drifts []diff.Drift
	// Failed names the sources the scan could not read.
	Failed map[string]bool
}

// EventType is what an Event announces.
type EventType string

// Events: a drift crossed the grace, or a drift that did ended.
const (
	EventPersistent EventType = "drift persistent"
	EventResolved   EventType = "drift resolved"
)

// Event is one alert: sent once per lifecycle.
type Event struct {
	Type  EventType
	Drift state.Lifecycle
	// Age is how long the drift had lasted: at the scan that found it
	// persistent, or up to its resolution.
	Age time.Duration
}

// Sample is one convergence: a drift of kind Kind that lasted Latency.
type Sample struct {
	Kind    string
	Latency time.Duration
}

// Step is what one scan did to the lifecycles.
type Step struct {
	// RunID is the scan's.
	RunID string
	// Open is every open drift after the scan, sorted by drift id.
	Open []state.Lifecycle
	// Save holds the rows to store: every drift the scan saw, and every
	// open one whose class changed.
	Save      []state.Lifecycle
	Events    []Event
	Converged []Sample
}

// Policy is how a scan moves lifecycles: Grace is how long drift may
// last before it is persistent; Alert marks a drift reported when it
// turns persistent (drift watch, which then alerts). A scan that alerts
// no one (drift scan) leaves the drift to be reported by a later watch.
type Policy struct {
	Grace time.Duration
	Alert bool
}

// Advance moves the open lifecycles of a contract through one scan. A
// drift seen is converging while younger than the grace and persistent
// after (an event, once, when the policy alerts and AlertedAt is still
// zero); a drift not seen is resolved, unless a source it involves could
// not be read: then it is unknown and stays open. It is a pure function of
// its inputs, so the clock is the scans' own.
func Advance(contract string, open []state.Lifecycle, obs Observed, p Policy) Step {
	st := Step{RunID: obs.RunID}
	prev := make(map[string]state.Lifecycle, len(open))
	for _, l := range open {
		prev[l.DriftID] = l
	}
	seen := make(map[string]bool, len(obs.Drifts))
	for _, d := range obs.Drifts {
		if seen[d.ID] {
			continue
		}
		seen[d.ID] = true
		l, ok := prev[d.ID]
		if !ok {
			l = newLifecycle(contract, d, obs.At)
		}
		l.LastSeen, l.RunID = obs.At, obs.RunID
		l.Class = classOf(obs.At.Sub(l.FirstSeen), p.Grace)
		if p.Alert && l.Class == state.ClassPersistent && l.AlertedAt.IsZero() {
			l.AlertedAt = obs.At
			st.Events = append(st.Events, Event{Type: EventPersistent, Drift: l, Age: obs.At.Sub(l.FirstSeen)})
		}
		st.Save = append(st.Save, l)
		st.Open = append(st.Open, l)
	}
	for _, l := range open {
		if !seen[l.DriftID] {
			st.unseen(l, obs)
		}
	}
	sortByID(st.Open)
	sortByID(st.Save)
	return st
}

// unseen moves an open drift the scan did not see: unknown when a source
// it involves failed, resolved otherwise.
func (st *Step) unseen(l state.Lifecycle, obs Observed) {
	if involvesFailed(l, obs.Failed) {
		if l.Class != state.ClassUnknown {
			l.Class, l.RunID = state.ClassUnknown, obs.RunID
			st.Save = append(st.Save, l)
		}
		st.Open = append(st.Open, l)
		return
	}
	l.Class, l.ResolvedAt, l.RunID = state.ClassResolved, obs.At, obs.RunID
	age := obs.At.Sub(l.FirstSeen)
	st.Save = append(st.Save, l)
	st.Converged = append(st.Converged, Sample{Kind: l.Kind, Latency: age})
	if !l.AlertedAt.IsZero() {
		st.Events = append(st.Events, Event{Type: EventResolved, Drift: l, Age: age})
	}
}

func classOf(age, grace time.Duration) state.Class {
	if age >= grace {
		return state.ClassPersistent
	}
	return state.ClassConverging
}

// involvesFailed reports whether a drift's absence may be due to a source
// that could not be read: a violation depends on its own source only; a
// missing or changed drift on every source (a failed source contributes
// neither its records nor their absence).
func involvesFailed(l state.Lifecycle, failed map[string]bool) bool {
	if len(failed) == 0 {
		return false
	}
	if l.Kind == diff.Violation.String() {
		return failed[l.Source]
	}
	return true
}

func newLifecycle(contract string, d diff.Drift, at time.Time) state.Lifecycle {
	key, _ := d.Key.MarshalJSON()
	return state.Lifecycle{Contract: contract, DriftID: d.ID, Key: key, Kind: d.Kind.String(),
		Source: d.Source, Field: d.Field, Rule: d.Rule, FirstSeen: at}
}

func sortByID(ls []state.Lifecycle) {
	slices.SortFunc(ls, func(a, b state.Lifecycle) int { return strings.Compare(a.DriftID, b.DriftID) })
}

// ObservedFrom is a finished scan as the lifecycle sees it.
func ObservedFrom(res *scan.Result) Observed {
	obs := Observed{RunID: res.Report.RunID, At: res.Report.StartedAt, Drifts: res.Report.Drifts, Failed: map[string]bool{}}
	for name := range res.Failed {
		obs.Failed[name] = true
	}
	return obs
}

// FromReport is the open drifts of one scan alone, classed by the
// first_seen the scan history gave them (this scan's start without one):
// what drift scan --metrics-file reports.
func FromReport(contract string, r *diff.Report, grace time.Duration) []state.Lifecycle {
	out := make([]state.Lifecycle, 0, len(r.Drifts))
	for _, d := range r.Drifts {
		l := newLifecycle(contract, d, r.StartedAt)
		if d.FirstSeen != nil {
			l.FirstSeen = *d.FirstSeen
		}
		l.LastSeen, l.RunID = r.StartedAt, r.RunID
		l.Class = classOf(r.StartedAt.Sub(l.FirstSeen), grace)
		out = append(out, l)
	}
	return out
}
