package state

import (
	"encoding/json"
	"time"

	"github.com/drift-sh/drift/contract"
)

// Kind is what a run did.
type Kind string

// Run kinds.
const (
	KindApply    Kind = "apply"
	KindRollback Kind = "rollback"
	KindRepair   Kind = "repair"
	// KindWatch is a run that drift watch --repair auto applied.
	KindWatch Kind = "watch"
)

// Status is where a run stands. A run is Running from BeginRun until
// FinishRun; a Running run whose process died stays Running until a run
// that takes over its lease, or resumes its plan, marks it Interrupted
// (Run.ResumedBy names that run).
type Status string

// Run statuses.
const (
	StatusRunning     Status = "running"
	StatusDone        Status = "done"
	StatusInterrupted Status = "interrupted"
	StatusFailed      Status = "failed"
)

// Outcome is what became of one op. Pending is not an outcome an op ends
// with: it is the intent logged by BeginOp before the write, and an op still
// Pending after its run stopped may or may not have been written, so a
// resume must re-read its target before deciding.
type Outcome string

// Op outcomes, as SPEC's drift.run/v1 spells them.
const (
	OutcomePending        Outcome = "pending"
	OutcomeApplied        Outcome = "applied"
	OutcomeAlreadyApplied Outcome = "already-applied"
	OutcomeConflict       Outcome = "conflict"
	OutcomeFailed         Outcome = "failed"
	// OutcomeNotApplied closes an op its run left Pending when a later run
	// found it unwritten: the later run decides it anew. It counts nowhere.
	OutcomeNotApplied Outcome = "not-applied"
)

// Counts tallies the finished ops of a run; the store keeps it in step with
// the journal. An op NotApplied is in none of them: it was not written, and
// the run that found so journals what it did with the op.
type Counts struct {
	Applied        int `json:"applied"`
	AlreadyApplied int `json:"already_applied"`
	Conflict       int `json:"conflict"`
	Failed         int `json:"failed"`
}

// Contract names the contract a run or scan was made under, so that history
// can show which rules made each decision.
type Contract struct {
	Name    string
	Version int
	Digest  string
}

// Run is one apply, rollback or repair session: the unit that history lists
// and rollback undoes.
type Run struct {
	ID         string
	Kind       Kind
	PlanID     string
	ConfigPath string
	Contract   Contract
	// User and Host say who ran it; BeginRun fills them from the OS when empty.
	User string
	Host string
	// RollbackOf is the run a rollback undoes; empty for other kinds.
	RollbackOf string
	StartedAt  time.Time
	// FinishedAt is zero while the run is Running.
	FinishedAt time.Time
	Status     Status
	Counts     Counts
	// ResumedBy is the run that resumed this one after it was interrupted;
	// empty until one does.
	ResumedBy string
}

// Entry is one op in a run's journal. Before is the target record as it was
// before the write (nil when the record did not exist), so that the run can
// be rolled back; After is the record the op writes (nil for a delete). Key,
// Before and After are JSON; Key must be the canonical key object (fields in
// contract key order, canonical values) because explain looks entries up by
// its exact text.
type Entry struct {
	RunID string
	OpID  string
	// Seq is the entry's position in its run, from 1; the store assigns it.
	Seq    int64
	Source string
	Key    json.RawMessage
	Action string
	Before json.RawMessage
	After  json.RawMessage
	// Reason is why the op was planned, as the plan's reason object
	// (strategy, the source whose value won, the drift it fixes); nil for
	// ops without one.
	Reason json.RawMessage
	// Outcome is OutcomePending from BeginOp until FinishOp.
	Outcome Outcome
	Error   string
	// At is when the op was logged; FinishedAt when its outcome was, zero
	// while Pending.
	At         time.Time
	FinishedAt time.Time
}

// OpState is what a resume needs of an op's latest journal entry: the run
// and sequence number that name the entry, and its outcome.
type OpState struct {
	RunID   string
	Seq     int64
	Outcome Outcome
}

// SourceScan is what one scan read from one source.
type SourceScan struct {
	Name    string
	Version string
	Records int
	// Error is the read failure, empty when the source was read.
	Error string
}

// Scan is one `drift scan`: what it read and found (its summary), the
// drift lifecycles it changed, and the detail of the drifts new or changed
// in it, for explain. The store keeps a contract's scans within its
// Retention (see prune.go); lifecycles outlive them.
type Scan struct {
	// ID is the scan's run id, as in its report.
	ID         string
	At         time.Time
	ConfigPath string
	Contract   Contract
	Sources    []SourceScan
	// Summary is the report's summary object, as JSON.
	Summary json.RawMessage
	// Recorded says that the scan's records were kept (drift scan
	// --record), for drift simulate.
	Recorded bool
	// Drifts are the drifts whose detail SaveScan stores: those new in the
	// scan or whose message or values changed (state/history decides).
	// Scan and Scans leave it empty: DriftsForKey reads them.
	Drifts []ScanDrift
	// Lifecycles are the lifecycle rows the scan changed, which SaveScan
	// writes with the scan; Scan and Scans leave it empty.
	Lifecycles []Lifecycle
	// Touch has SaveScan then stamp every open lifecycle of the contract
	// that is not unknown as last seen by this scan (At, ID), in one
	// statement: the drifts seen again with nothing else changed, most of
	// a watch's, need not be in Lifecycles. Set it only when Lifecycles
	// holds every other change (new, resolved, unknown, reclassed).
	Touch bool
	// Retention bounds the contract's scans that SaveScan keeps; zero parts
	// take contract.DefaultRetention's.
	Retention contract.Retention
}

// ScanDrift is one drift a scan saw, as explain shows it. Key is the
// canonical key JSON (as in Entry.Key); Values is the drift's values object
// as JSON, nil when it has none.
type ScanDrift struct {
	ID      string
	Key     json.RawMessage
	Kind    string
	Source  string
	Field   string
	Rule    string
	Message string
	Values  json.RawMessage
}

// KeyDrift is a ScanDrift with the scan that saw it, as DriftsForKey
// returns it.
type KeyDrift struct {
	ScanDrift
	ScanID string
	At     time.Time
}

// SnapshotRow is one record of a source as a scan read it: the canonical key
// JSON and the record's canonical values as a JSON object.
type SnapshotRow struct {
	Key    string
	Values string
}

// DecisionAbandoned is the choice journaled for a decision a repair
// session took but never applied (the session ended first, or its op did
// not apply); Value is the value it would have written.
const DecisionAbandoned = "abandoned"

// Decision is a choice a person made about one drift in a repair session,
// kept for explain and audit.
type Decision struct {
	// RunID is the run the decision was applied in; SessionID the repair
	// session that made it. Either may be empty, not both.
	RunID     string
	SessionID string
	DriftID   string
	// Key is the canonical key JSON of the drift.
	Key json.RawMessage
	// Choice is what was decided: approve, edit, skip, manual, a source
	// name, or DecisionAbandoned.
	Choice string
	// Value is the value chosen, as JSON; nil when the choice carries none.
	Value json.RawMessage
	User  string
	Time  time.Time
}
