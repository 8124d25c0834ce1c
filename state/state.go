// Package state is drift's memory between commands: the journal that makes
// apply resumable and rollback possible, the history of runs and scans, the
// record snapshots that transition rules compare against, and the decisions
// made in repair sessions.
//
// Two backends share one schema and one implementation: an embedded SQLite
// file (the default, for one machine) and PostgreSQL (for a store that many
// machines share). Open picks one from the --state value.
package state

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/redact"
)

// ErrNotFound is returned when a run or scan id is not in the store.
var ErrNotFound = errors.New("not found in the state store")

// ErrNotPending is returned by FinishOp for an op that is not pending:
// never begun, or settled already (by another process that found it
// first).
var ErrNotPending = errors.New("no pending entry")

// Store is the state store. Every method is safe for concurrent use; each
// write is durable when the method returns.
type Store interface {
	// BeginRun records a new run as Running.
	BeginRun(ctx context.Context, r Run) error
	// FinishRun sets a run's final status and finish time.
	FinishRun(ctx context.Context, runID string, status Status, at time.Time) error
	// Run returns one run, or an error wrapping ErrNotFound.
	Run(ctx context.Context, id string) (Run, error)
	// Runs returns up to limit runs, newest first; limit <= 0 means all.
	Runs(ctx context.Context, limit int) ([]Run, error)
	// RunsForKey returns the runs whose journal touches the key, newest first.
	RunsForKey(ctx context.Context, keyJSON string) ([]Run, error)
	// ResumeRun records that run byRunID resumes run runID, marking it
	// Interrupted if it was still Running.
	ResumeRun(ctx context.Context, runID, byRunID string, at time.Time) error

	// AcquireLease takes the leases on sources for holder.RunID, all or
	// none; a source a live run holds is refused with a *LeaseHeldError,
	// and the expired leases it took over are returned.
	AcquireLease(ctx context.Context, holder Lease, sources []string, ttl time.Duration) ([]Lease, error)
	// RenewLease is a run's heartbeat; an error wrapping ErrLeaseLost when
	// one of its leases was taken over.
	RenewLease(ctx context.Context, runID string, sources []string, at time.Time) error
	// ReleaseLease gives up every lease of a run.
	ReleaseLease(ctx context.Context, runID string) error
	// Leases returns the leases held now, by source name.
	Leases(ctx context.Context) ([]Lease, error)

	// BeginOp logs the intent to write one op, with its before-image, as
	// Pending, and returns its sequence number in the run.
	BeginOp(ctx context.Context, e Entry) (int64, error)
	// FinishOp records the outcome of a Pending op, the entry seq of the
	// run that logged op opID, and counts it in its run.
	FinishOp(ctx context.Context, runID string, seq int64, opID string, outcome Outcome, errMsg string, at time.Time) error
	// RecordOp logs an op and its outcome at once, for ops that write nothing
	// (already applied, conflict, failed before writing).
	RecordOp(ctx context.Context, e Entry) (int64, error)
	// AppendOps logs several entries of one run in one transaction, in
	// order: a Pending entry as BeginOp logs it, any other as RecordOp.
	AppendOps(ctx context.Context, entries []Entry) ([]int64, error)
	// FinishOps records the outcomes of several Pending ops of a run in
	// one transaction, as FinishOp does each.
	FinishOps(ctx context.Context, runID string, outs []OpOutcome) error
	// Journal returns a run's entries in sequence order.
	Journal(ctx context.Context, runID string) ([]Entry, error)
	// PlanOps returns, per op id, the state of the latest journal entry of
	// that op across the apply and repair runs of the plan: what a resume
	// must not redo.
	// ops is the plan's op count: runs older than those that name that
	// many ops are not read (0 reads them all).
	PlanOps(ctx context.Context, planID string, ops int) (map[string]OpState, error)
	// OrphanOps lists the ops interrupted runs left pending on the
	// sources, oldest first, for the next holder of their leases to settle.
	OrphanOps(ctx context.Context, sources []string) ([]Entry, error)
	// PendingOps lists the ops left pending on one key (its key JSON) by
	// runs of the named contract on the given sources, oldest first: for
	// the one worker that holds the key's lock to settle before it works
	// the key.
	PendingOps(ctx context.Context, contract string, sources []string, keyJSON string) ([]Entry, error)
	// OpenRuns lists the runs still running and the interrupted ones no
	// run has resumed, for a new run to close those of dead processes.
	OpenRuns(ctx context.Context) ([]Run, error)
	// JournalForKey returns every entry touching the key, oldest first.
	JournalForKey(ctx context.Context, keyJSON string) ([]Entry, error)

	// SaveScan records a scan with the lifecycles it changed and the detail
	// of its new or changed drifts, then prunes scans past its retention.
	SaveScan(ctx context.Context, s Scan) error
	// Scan returns one scan, or an error wrapping ErrNotFound.
	Scan(ctx context.Context, id string) (Scan, error)
	// Scans returns up to limit scans, newest first; limit <= 0 means all.
	Scans(ctx context.Context, limit int) ([]Scan, error)
	// LatestScan returns the contract's newest scan, or an error wrapping
	// ErrNotFound.
	LatestScan(ctx context.Context, contractName string) (Scan, error)
	// DriftsForKey returns the drifts that scans saw on the key, with each
	// scan's id and time, oldest first.
	DriftsForKey(ctx context.Context, keyJSON string) ([]KeyDrift, error)
	// FirstSeen returns, for each of ids that is an open drift of the
	// contract, when its current lifecycle began.
	FirstSeen(ctx context.Context, contractName string, ids []string) (map[string]time.Time, error)

	// SaveSnapshot stores the records one source held in a saved scan.
	SaveSnapshot(ctx context.Context, scanID, source string, rows []SnapshotRow) error
	// LatestSnapshot returns the newest snapshot of a source for the
	// contract, as a lookup by key JSON; scanID is "" when there is none.
	LatestSnapshot(ctx context.Context, contractName, source string) (scanID string, get func(key string) (string, bool), err error)

	// SaveRecording stores the records of a saved scan (drift scan
	// --record), as buf holds them.
	SaveRecording(ctx context.Context, rec Recording, buf *RecordBuffer) error
	// Recording returns the recording of a scan, or the contract's newest
	// when scanID is ""; an error wrapping ErrNotFound when there is none.
	Recording(ctx context.Context, contractName, scanID string) (Recording, error)
	// Recordings lists a contract's recordings ("" for every contract's),
	// newest first.
	Recordings(ctx context.Context, contractName string) ([]Recording, error)
	// RecordedRecords calls fn with every record of a recording, source by
	// source, in the order each source gave them.
	RecordedRecords(ctx context.Context, scanID string, fn func(src int, rec contract.Record) error) error
	// PruneRecordings keeps a contract's newest keep recordings, deletes
	// the others' records and says how many it deleted.
	PruneRecordings(ctx context.Context, contractName string, keep int) (int, error)

	// OpenLifecycles returns the contract's drifts that are not resolved
	// (see Lifecycle), sorted by drift id.
	OpenLifecycles(ctx context.Context, contractName string) ([]Lifecycle, error)
	// SaveLifecycles inserts or replaces drift lifecycles, by contract and
	// drift id, all or none.
	SaveLifecycles(ctx context.Context, ls []Lifecycle) error
	// LifecyclesForKey returns the lifecycle of every drift seen on the key,
	// oldest first.
	LifecyclesForKey(ctx context.Context, keyJSON string) ([]Lifecycle, error)
	// Resolutions returns up to limit resolved drifts, the latest resolved
	// first; limit <= 0 means all.
	Resolutions(ctx context.Context, limit int) ([]Lifecycle, error)

	// RecordDecision logs one decision of a repair session.
	RecordDecision(ctx context.Context, d Decision) error
	// DecisionsForKey returns the decisions about the key, oldest first.
	DecisionsForKey(ctx context.Context, keyJSON string) ([]Decision, error)

	// Close releases the store's connections.
	Close() error
}

// Open opens the store that urlOrPath names, creating it and migrating its
// schema to the current version as needed: a postgres:// or postgresql://
// URL opens PostgreSQL (tables in schema "drift", or the URL's `schema`
// parameter); anything else is the path of a SQLite file, whose parent
// folders are created. Errors never show a password from the URL.
func Open(ctx context.Context, urlOrPath string) (Store, error) {
	switch {
	case urlOrPath == "":
		return nil, errors.New("state store: no path or URL given; pass --state or set DRIFT_STATE")
	case strings.HasPrefix(urlOrPath, "postgres://"), strings.HasPrefix(urlOrPath, "postgresql://"):
		return openPostgres(ctx, urlOrPath)
	case strings.Contains(urlOrPath, "://"):
		scheme, _, _ := strings.Cut(urlOrPath, "://")
		return nil, fmt.Errorf("state store %s: unsupported scheme %q; use a file path for SQLite or a postgres:// URL",
			redact.DSN(urlOrPath), scheme)
	default:
		return openSQLite(ctx, urlOrPath)
	}
}
