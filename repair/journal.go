package repair

import (
	"context"
	"encoding/json"
	"time"

	"github.com/drift-sh/drift/state"
)

// Journal is the part of the state store that apply and rollback use;
// state.Store implements it.
type Journal interface {
	BeginRun(ctx context.Context, r state.Run) error
	FinishRun(ctx context.Context, runID string, status state.Status, at time.Time) error
	Run(ctx context.Context, id string) (state.Run, error)
	Runs(ctx context.Context, limit int) ([]state.Run, error)
	BeginOp(ctx context.Context, e state.Entry) (int64, error)
	FinishOp(ctx context.Context, runID string, seq int64, opID string, outcome state.Outcome, errMsg string, at time.Time) error
	RecordOp(ctx context.Context, e state.Entry) (int64, error)
	AppendOps(ctx context.Context, entries []state.Entry) ([]int64, error)
	FinishOps(ctx context.Context, runID string, outs []state.OpOutcome) error
	Journal(ctx context.Context, runID string) ([]state.Entry, error)
	PlanOps(ctx context.Context, planID string, ops int) (map[string]state.OpState, error)
	OrphanOps(ctx context.Context, sources []string) ([]state.Entry, error)
	PendingOps(ctx context.Context, contract string, sources []string, keyJSON string) ([]state.Entry, error)
	OpenRuns(ctx context.Context) ([]state.Run, error)
	ResumeRun(ctx context.Context, runID, byRunID string, at time.Time) error
	AcquireLease(ctx context.Context, holder state.Lease, sources []string, ttl time.Duration) ([]state.Lease, error)
	RenewLease(ctx context.Context, runID string, sources []string, at time.Time) error
	ReleaseLease(ctx context.Context, runID string) error
	Leases(ctx context.Context) ([]state.Lease, error)
}

// RunSchema is the schema name of a run summary.
const RunSchema = "drift.run/v1"

// RunResult is SPEC's drift.run/v1 summary of one apply or rollback.
type RunResult struct {
	Schema string       `json:"schema"`
	RunID  string       `json:"run_id"`
	PlanID string       `json:"plan_id,omitempty"`
	Kind   state.Kind   `json:"kind"`
	Status state.Status `json:"status"`
	// RollbackOf is the run a rollback undoes.
	RollbackOf string       `json:"rollback_of,omitempty"`
	Counts     state.Counts `json:"counts"`
	Ops        []OpResult   `json:"ops"`
}

// OpResult is the outcome of one op. Current is the target's record as
// found, for a conflict; Resumed marks an op finished by an earlier run of
// the same plan.
type OpResult struct {
	ID      string          `json:"id"`
	Source  string          `json:"source"`
	Key     json.RawMessage `json:"key"`
	Action  string          `json:"action"`
	Outcome state.Outcome   `json:"outcome"`
	Current json.RawMessage `json:"current,omitempty"`
	Error   string          `json:"error,omitempty"`
	Resumed bool            `json:"resumed,omitempty"`
}

func (r *RunResult) count(o state.Outcome) {
	switch o {
	case state.OutcomeApplied:
		r.Counts.Applied++
	case state.OutcomeAlreadyApplied:
		r.Counts.AlreadyApplied++
	case state.OutcomeConflict:
		r.Counts.Conflict++
	case state.OutcomeFailed:
		r.Counts.Failed++
	}
}
