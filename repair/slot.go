package repair

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel/trace"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// slot is one op on its way through a chunk: read and decided, journaled
// (its intent when it writes, else its outcome), written, finished. A
// batch keeps the slot of each of its ops until its flush, so a slot is
// small: op points into the run's ops, and what is only needed until
// the op is journaled and staged is its staging, dropped then.
type slot struct {
	op *Op
	r  OpResult
	*staging
	// write says the op has a write to make (or staged in a batch), whose
	// outcome is journaled after it; werr is what the write returned.
	write bool
	werr  error
	// seq is the op's entry in the run's journal once journaled, by which
	// its outcome is journaled.
	seq int64
	// ctx carries the op's span, which ends when its outcome is journaled.
	ctx  context.Context
	span trace.Span
}

// staging is what a slot holds until its op is journaled and, in a
// batch, staged.
type staging struct {
	// e is what the journal logs of the op: its intent and before-image
	// when it writes, else the op with its outcome.
	e state.Entry
	t target
}

// done ends the op's span with its outcome.
func (s *slot) done(err error) { endOp(s.span, s.r, err) }

// prepare re-reads an op's target and decides it, unless an earlier run
// of the plan left it pending and the target shows its write happened.
// When staged, the write is made at once into the open batch of its
// source: a write that fails there changed nothing, and the op is done.
// The error is only for a journal that cannot be written.
func (x *executor) prepare(ctx context.Context, runID string, op *Op, resume map[string]state.OpState, staged bool) (*slot, error) {
	keyJSON, _ := op.Key.MarshalJSON()
	s := &slot{op: op, r: OpResult{ID: op.ID, Source: op.Source, Key: keyJSON, Action: string(op.Action)}, staging: new(staging)}
	ctx, s.span = startOp(ctx, *op)
	s.ctx = ctx
	s.e = state.Entry{RunID: runID, OpID: op.ID, Source: op.Source, Key: keyJSON, Action: string(op.Action),
		Reason: reasonJSON(op.Reason), At: x.opts.now()}
	prev, seen := resume[op.ID]
	switch {
	case seen && prev.Outcome == state.OutcomePending:
		if done, err := x.settle(ctx, runID, *op, prev, s); done || err != nil {
			if err != nil {
				s.done(err)
			}
			return s, err
		}
	case seen && (prev.Outcome == state.OutcomeApplied || prev.Outcome == state.OutcomeAlreadyApplied):
		// The journal says an earlier run finished it, but the target is
		// what counts: it may have been rolled back or changed since, so
		// it is read again like any other op.
		s.r.Resumed = true
	}
	x.ready(ctx, s, staged)
	if s.r.Outcome != state.OutcomeAlreadyApplied {
		s.r.Resumed = false
	}
	return s, nil
}

// settle decides an op that an interrupted run left pending: if the write
// happened, the old entry becomes applied (so that run can be rolled
// back) and this run finds the op done; if the target shows it did not,
// not-applied; if the target cannot be read, failed. Unless done, the op
// runs again in this run.
func (x *executor) settle(ctx context.Context, runID string, op Op, prev state.OpState, s *slot) (bool, error) {
	t, err := x.look(ctx, op)
	if err == nil && t.verdict == verdictDone {
		if err := x.j.FinishOp(ctx, prev.RunID, prev.Seq, op.ID, state.OutcomeApplied, "", x.opts.now()); err != nil {
			return false, fmt.Errorf("settling op %s of run %s: %w", op.ID, prev.RunID, err)
		}
		s.r.Outcome, s.r.Resumed = state.OutcomeAlreadyApplied, true
		s.e.Before, s.e.After = t.before, t.after
		return true, nil
	}
	outcome, msg := state.OutcomeNotApplied, ""
	if err != nil {
		outcome, msg = state.OutcomeFailed, fmt.Sprintf("interrupted, and run %s could not read the target: %v", runID, err)
	}
	if err := x.j.FinishOp(ctx, prev.RunID, prev.Seq, op.ID, outcome, msg, x.opts.now()); err != nil {
		return false, fmt.Errorf("settling op %s of run %s: %w", op.ID, prev.RunID, err)
	}
	return false, nil
}

// ready re-reads the target and decides: already applied, a conflict, a
// failure to read it, or a write to make (staged at once when staged).
func (x *executor) ready(ctx context.Context, s *slot, staged bool) {
	t, err := x.look(ctx, *s.op)
	if err != nil {
		s.r.Outcome, s.r.Error = state.OutcomeFailed, err.Error()
		return
	}
	s.e.Before, s.e.After = t.before, t.after
	switch t.verdict {
	case verdictDone:
		s.r.Outcome = state.OutcomeAlreadyApplied
		return
	case verdictConflict:
		s.r.Outcome, s.r.Current, s.r.Error = state.OutcomeConflict, t.before, "target changed since the plan"
		if s.r.Current == nil {
			s.r.Current = json.RawMessage("null")
		}
		return
	}
	s.t, s.write = t, true
	if staged {
		if werr := t.writer.Write(ctx, t.write); werr != nil {
			s.write = false
			outcomeOf(&s.r, werr)
		}
	}
}

// outcomeOf sets the outcome of a write that returned werr.
func outcomeOf(r *OpResult, werr error) {
	switch {
	case werr == nil:
		r.Outcome, r.Error = state.OutcomeApplied, ""
	case errors.Is(werr, errNotWritten):
		r.Outcome, r.Error = state.OutcomeNotApplied, werr.Error()
	case errors.Is(werr, sources.ErrConflict):
		r.Outcome, r.Error = state.OutcomeConflict, werr.Error()
	default:
		r.Outcome, r.Error = state.OutcomeFailed, werr.Error()
	}
}
