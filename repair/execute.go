package repair

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// Stage is a point in the life of one op, reported to ExecOptions.Trace.
type Stage uint8

// Op stages, in order. An op that writes nothing goes straight to
// StageFinished.
const (
	StageBegun    Stage = iota + 1 // intent and before-image journaled, not yet written
	StageWritten                   // the write (for a batch, its flush) returned, the outcome not yet journaled
	StageFinished                  // the outcome is journaled
)

// ExecOptions tune Execute and Rollback.
type ExecOptions struct {
	RunID      string
	ConfigPath string
	// Kind is recorded as the run's kind: apply (the default) or repair,
	// for a run made of a repair session's decisions.
	Kind state.Kind
	Now  func() time.Time
	// Trace, when set, is told of each op's progress: for progress output,
	// and for tests that stop a run at an exact point.
	Trace func(op Op, stage Stage)
	// LeaseTTL is how long the run's leases on its sources outlive its last
	// heartbeat; 0 means state.LeaseTTL.
	LeaseTTL time.Duration
}

// runSpec is one run to execute: its ops and what to journal about it.
type runSpec struct {
	run    state.Run
	ops    []Op
	resume map[string]state.Entry
}

// Execute applies a plan's ops in order, each as a compare-and-set against
// the target as re-read now: a target that already holds the result is
// already-applied, one that holds what the plan expected is written (its
// before-image journaled first), anything else is a conflict and is left
// alone. Ops that an earlier run of the same plan finished are not redone.
// A cancelled ctx stops the run after the current op, as interrupted; when
// that op is part of a batch, the ops staged so far are flushed first.
//
// Consecutive ops against a source that is a sources.Batcher (a file) run
// in batches of up to 1000: each op's intent and before-image is journaled
// before its write is staged, the batch is written with one atomic rename,
// and every op's outcome is journaled right after it, before the next
// batch starts.
//
// The run first takes a lease on each source the plan writes: a source
// that a live run holds refuses it with an error wrapping
// state.ErrLeaseHeld, before anything is journaled. The runs whose lease
// it takes over, and the earlier runs of the plan, are marked interrupted
// and resumed by this one.
//
// targets maps source names to writers; an op whose source has none fails.
// The error is only for a lease refused or a journal that cannot be
// written; the outcome of every op is in the result.
func Execute(ctx context.Context, plan *Plan, c *contract.Contract, targets map[string]sources.Writer, j Journal, opts ExecOptions) (*RunResult, error) {
	ctx, release, taken, err := claim(ctx, j, plan.Ops, opts)
	if err != nil {
		return nil, err
	}
	defer release()
	same := func(r state.Run) bool { return r.PlanID == plan.PlanID && r.Kind != state.KindRollback }
	if err := markInterrupted(ctx, j, same, taken, opts.RunID, opts.now()); err != nil {
		return nil, err
	}
	x := &executor{c: c, targets: targets, j: j, opts: opts}
	if err := x.settleOrphans(ctx, opSources(plan.Ops)); err != nil {
		return nil, err
	}
	resume, err := j.PlanOps(ctx, plan.PlanID)
	if err != nil {
		return nil, fmt.Errorf("reading the journal of plan %s: %w", plan.PlanID, err)
	}
	run := state.Run{
		ID: opts.RunID, Kind: runKind(opts.Kind), PlanID: plan.PlanID, ConfigPath: opts.ConfigPath,
		Contract: state.Contract{Name: plan.Contract.Name, Version: plan.Contract.Version, Digest: plan.Contract.Digest},
	}
	return x.execute(ctx, runSpec{run: run, ops: plan.Ops, resume: resume})
}

// markInterrupted closes what dead processes left running, once this run
// holds its leases: a run whose lease it took over is marked interrupted;
// a run of the same work (same: the plan, or the run a rollback undoes)
// that was interrupted, or is running without a lease (killed before
// leases existed, or with no source to lease), is marked resumed by runID.
func markInterrupted(ctx context.Context, j Journal, same func(state.Run) bool, taken []state.Lease, runID string, now time.Time) error {
	runs, err := j.OpenRuns(ctx)
	if err != nil {
		return fmt.Errorf("reading runs: %w", err)
	}
	leases, err := j.Leases(ctx)
	if err != nil {
		return fmt.Errorf("reading leases: %w", err)
	}
	holds, lost := map[string]bool{}, map[string]bool{}
	for _, l := range leases {
		holds[l.RunID] = true
	}
	for _, l := range taken {
		lost[l.RunID] = true
	}
	for _, r := range runs {
		switch {
		case r.ID == runID:
		case same(r) && (r.Status == state.StatusInterrupted || r.Status == state.StatusRunning && !holds[r.ID]):
			err = j.ResumeRun(ctx, r.ID, runID, now)
		case lost[r.ID] && r.Status == state.StatusRunning:
			err = j.FinishRun(ctx, r.ID, state.StatusInterrupted, now)
		}
		if err != nil {
			return fmt.Errorf("marking run %s interrupted: %w", r.ID, err)
		}
	}
	return nil
}

func (o ExecOptions) now() time.Time {
	if o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}

func (o ExecOptions) trace(op Op, s Stage) {
	if o.Trace != nil {
		o.Trace(op, s)
	}
}

// executor runs ops against the targets and journals each outcome.
type executor struct {
	c       *contract.Contract
	targets map[string]sources.Writer
	j       Journal
	opts    ExecOptions
	// wholes holds, by op id, the records a rollback inserts whole.
	wholes map[string]json.RawMessage
}

func (x *executor) execute(ctx context.Context, spec runSpec) (res *RunResult, err error) {
	run := spec.run
	ctx, span := startRun(ctx, run, len(spec.ops))
	defer func() { endRun(span, res, err) }()
	run.StartedAt, run.Status = x.opts.now(), state.StatusRunning
	bg := context.WithoutCancel(ctx)
	if err := x.j.BeginRun(bg, run); err != nil {
		return nil, fmt.Errorf("starting run %s: %w", run.ID, err)
	}
	res = &RunResult{Schema: RunSchema, RunID: run.ID, PlanID: run.PlanID, Kind: run.Kind,
		RollbackOf: run.RollbackOf, Status: state.StatusDone, Ops: []OpResult{}}
	for ops := bySource(spec.ops); len(ops) > 0; {
		if ctx.Err() != nil {
			res.Status = state.StatusInterrupted
			break
		}
		rs, err := x.next(ctx, run.ID, ops, spec.resume)
		if err != nil {
			_ = x.j.FinishRun(bg, run.ID, state.StatusFailed, x.opts.now())
			return nil, err
		}
		for _, r := range rs {
			res.Ops = append(res.Ops, r)
			res.count(r.Outcome)
		}
		ops = ops[len(rs):]
	}
	if res.Status == state.StatusDone && res.Counts.Failed > 0 {
		res.Status = state.StatusFailed
	}
	if err := x.j.FinishRun(bg, run.ID, res.Status, x.opts.now()); err != nil {
		return nil, fmt.Errorf("finishing run %s: %w", run.ID, err)
	}
	return res, nil
}

// step runs one op, unless an earlier run of the plan finished it. When
// staged, a write that succeeds is left pending (the result says so) for
// the batch to journal once it is flushed.
func (x *executor) step(ctx context.Context, runID string, op Op, resume map[string]state.Entry, staged bool) (res OpResult, pending bool, err error) {
	ctx, span := startOp(ctx, op)
	defer func() { endOp(span, res, err) }()
	keyJSON, _ := op.Key.MarshalJSON()
	r := OpResult{ID: op.ID, Source: op.Source, Key: keyJSON, Action: string(op.Action)}
	prev, seen := resume[op.ID]
	switch {
	case seen && prev.Outcome == state.OutcomePending:
		return x.settle(ctx, runID, op, prev, r, staged)
	case seen && (prev.Outcome == state.OutcomeApplied || prev.Outcome == state.OutcomeAlreadyApplied):
		// The journal says an earlier run finished it, but the target is
		// what counts: it may have been rolled back or changed since, so
		// it is read again like any other op.
		r.Resumed = true
	}
	res, pending, err = x.apply(ctx, runID, op, r, staged)
	if res.Outcome != state.OutcomeAlreadyApplied {
		res.Resumed = false
	}
	return res, pending, err
}

// settle decides an op that an interrupted run left pending: if the write
// happened, the old entry becomes applied (so that run can be rolled
// back); if the target shows it did not, not-applied; if the target cannot
// be read, failed. Unless it was written, the op runs again in this run.
func (x *executor) settle(ctx context.Context, runID string, op Op, prev state.Entry, r OpResult, staged bool) (OpResult, bool, error) {
	t, err := x.look(ctx, op)
	if err == nil && t.verdict == verdictDone {
		if err := x.j.FinishOp(ctx, prev.RunID, op.ID, state.OutcomeApplied, "", x.opts.now()); err != nil {
			return r, false, fmt.Errorf("settling op %s of run %s: %w", op.ID, prev.RunID, err)
		}
		r.Outcome, r.Resumed = state.OutcomeAlreadyApplied, true
		// This run found it done: journal that too, so that history's
		// counts for this run match its summary.
		e := state.Entry{RunID: runID, OpID: op.ID, Source: op.Source, Key: r.Key, Action: string(op.Action),
			Reason: reasonJSON(op.Reason), Before: t.before, After: t.after, At: x.opts.now()}
		return r, false, x.record(ctx, e, r)
	}
	outcome, msg := state.OutcomeNotApplied, ""
	if err != nil {
		outcome, msg = state.OutcomeFailed, fmt.Sprintf("interrupted, and run %s could not read the target: %v", runID, err)
	}
	if err := x.j.FinishOp(ctx, prev.RunID, op.ID, outcome, msg, x.opts.now()); err != nil {
		return r, false, fmt.Errorf("settling op %s of run %s: %w", op.ID, prev.RunID, err)
	}
	return x.apply(ctx, runID, op, r, staged)
}

// apply re-reads the target, decides, writes if it should, and journals
// the outcome. When staged, a write that succeeds only changed the staged
// copy: its outcome is left to the batch, and pending is true.
func (x *executor) apply(ctx context.Context, runID string, op Op, r OpResult, staged bool) (_ OpResult, pending bool, _ error) {
	e := state.Entry{RunID: runID, OpID: op.ID, Source: op.Source, Key: r.Key, Action: string(op.Action),
		Reason: reasonJSON(op.Reason), At: x.opts.now()}
	t, err := x.look(ctx, op)
	if err != nil {
		r.Outcome, r.Error = state.OutcomeFailed, err.Error()
		return r, false, x.record(ctx, e, r)
	}
	e.Before, e.After = t.before, t.after
	switch t.verdict {
	case verdictDone:
		r.Outcome = state.OutcomeAlreadyApplied
		return r, false, x.record(ctx, e, r)
	case verdictConflict:
		r.Outcome, r.Current, r.Error = state.OutcomeConflict, t.before, "target changed since the plan"
		if r.Current == nil {
			r.Current = json.RawMessage("null")
		}
		return r, false, x.record(ctx, e, r)
	}
	if _, err := x.j.BeginOp(ctx, e); err != nil {
		return r, false, fmt.Errorf("journaling op %s before its write: %w", op.ID, err)
	}
	x.opts.trace(op, StageBegun)
	werr := t.writer.Write(ctx, t.write)
	if werr == nil && staged {
		r.Outcome = state.OutcomeApplied
		return r, true, nil
	}
	x.opts.trace(op, StageWritten)
	return r, false, x.finish(ctx, runID, op, &r, werr)
}

// finish journals the outcome of a write that returned werr.
func (x *executor) finish(ctx context.Context, runID string, op Op, r *OpResult, werr error) error {
	switch {
	case werr == nil:
		r.Outcome, r.Error = state.OutcomeApplied, ""
	case errors.Is(werr, sources.ErrConflict):
		r.Outcome, r.Error = state.OutcomeConflict, werr.Error()
	default:
		r.Outcome, r.Error = state.OutcomeFailed, werr.Error()
	}
	if err := x.j.FinishOp(ctx, runID, op.ID, r.Outcome, r.Error, x.opts.now()); err != nil {
		return fmt.Errorf("journaling the outcome of op %s: %w", op.ID, err)
	}
	return nil
}

// record journals an op that wrote nothing.
func (x *executor) record(ctx context.Context, e state.Entry, r OpResult) error {
	e.Outcome, e.Error, e.FinishedAt = r.Outcome, r.Error, x.opts.now()
	if _, err := x.j.RecordOp(ctx, e); err != nil {
		return fmt.Errorf("journaling op %s: %w", e.OpID, err)
	}
	return nil
}

func runKind(k state.Kind) state.Kind {
	if k == "" {
		return state.KindApply
	}
	return k
}

// reasonJSON is an op's reason as the journal keeps it, for explain; nil
// when the op has none.
func reasonJSON(r Reason) json.RawMessage {
	if r.Strategy == "" {
		return nil
	}
	b, err := compactJSON(r)
	if err != nil {
		return nil
	}
	return b
}
