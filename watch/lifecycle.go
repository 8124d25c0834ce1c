// Package watch is drift's continuous reconciliation: a loop that scans
// every interval, keeps each drift's lifecycle in the state store, tells
// expected lag (converging) from real drift (persistent), alerts once per
// persistent drift, optionally repairs it, and serves Prometheus metrics
// and a live page.
package watch

import (
	"time"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
	"github.com/drift-sh/drift/state/history"
)

// The lifecycle itself lives in state/history, since drift scan moves it
// too; these are its names as the watch uses them.
type (
	// Observed is one finished scan as the lifecycle sees it.
	Observed = history.Observed
	// EventType is what an Event announces.
	EventType = history.EventType
	// Event is one alert: sent once per lifecycle.
	Event = history.Event
	// Sample is one convergence.
	Sample = history.Sample
	// Step is what one scan did to the lifecycles.
	Step = history.Step
)

// Events: a drift crossed the grace, or a drift that did ended.
const (
	EventPersistent = history.EventPersistent
	EventResolved   = history.EventResolved
)

// DefaultGrace is the grace when neither --grace nor resolve.grace sets one.
const DefaultGrace = history.DefaultGrace

// Advance moves the open lifecycles through one scan, alerting (see
// history.Advance).
func Advance(contract string, open []state.Lifecycle, obs Observed, grace time.Duration) Step {
	return history.Advance(contract, open, obs, history.Policy{Grace: grace, Alert: true})
}

// ObservedFrom is a finished scan as the lifecycle sees it.
func ObservedFrom(res *scan.Result) Observed { return history.ObservedFrom(res) }

// FromReport is the open drifts of one scan alone (see history.FromReport).
func FromReport(contract string, r *diff.Report, grace time.Duration) []state.Lifecycle {
	return history.FromReport(contract, r, grace)
}
