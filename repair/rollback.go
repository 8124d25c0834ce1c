package repair

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// Errors of Rollback that are about the request, not the sources.
var (
	ErrNothingToRollBack = errors.New("the run applied no op, so there is nothing to roll back")
	ErrOtherContract     = errors.New("the run was made under another contract")
)

// Rollback undoes the applied ops of a run, newest first, as a new run of
// kind rollback: an update is set back to its before-image (expecting its
// after-image), an insert is deleted (expecting the inserted record), a
// delete is inserted again from its before-image: whole, every column the
// source held, when the source could read it so (sources.WholeRecorder).
// The same compare-and-set rule holds: a record changed since the run is a conflict and is kept.
func Rollback(ctx context.Context, runID string, c *contract.Contract, targets map[string]sources.Writer, j Journal, opts ExecOptions) (*RunResult, error) {
	old, err := j.Run(ctx, runID)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w; list runs with drift history", runID, err)
	}
	if old.Contract.Digest != "" && old.Contract.Digest != c.Digest {
		return nil, fmt.Errorf("%w: run %s was made under contract %s v%d (%s), config has v%d (%s)",
			ErrOtherContract, runID, old.Contract.Name, old.Contract.Version, old.Contract.Digest, c.Version, c.Digest)
	}
	entries, err := j.Journal(ctx, runID)
	if err != nil {
		return nil, fmt.Errorf("reading the journal of run %s: %w", runID, err)
	}
	x := &executor{c: c, targets: targets, j: j, opts: opts, wholes: map[string]json.RawMessage{}}
	ops, err := x.undoOps(entries)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", runID, err)
	}
	pending := pendingEntries(entries)
	if len(ops) == 0 && len(pending) == 0 {
		return nil, ErrNothingToRollBack
	}
	ctx, release, resume, err := x.claimRollback(ctx, runID, append(ops, entryOps(pending)...))
	if err != nil {
		return nil, err
	}
	defer release()
	if len(pending) > 0 {
		if ops, err = x.settleRun(ctx, runID, pending); err != nil {
			return nil, err
		}
		if len(ops) == 0 {
			return nil, ErrNothingToRollBack
		}
	}
	run := state.Run{
		ID: opts.RunID, Kind: state.KindRollback, RollbackOf: runID, ConfigPath: opts.ConfigPath,
		Contract: state.Contract{Name: c.Name, Version: c.Version, Digest: c.Digest},
	}
	return x.execute(ctx, runSpec{run: run, ops: ops, resume: known(resume)})
}

// undoOps turns a journal's applied entries into the ops that undo them,
// in reverse order. A before-image that holds the record as the source
// held it is kept in x.wholes by the new op's id: a delete is undone by
// inserting that record, an update by writing its fields back as they were
// stored, not as their canonical values. An undo op equal to one before it
// (a worker's run that made the same write twice) is told apart by its
// entry's position, so that every rollback of the run gives it one id.
func (x *executor) undoOps(entries []state.Entry) ([]Op, error) {
	var ops []Op
	seen := map[string]bool{}
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		if e.Outcome != state.OutcomeApplied {
			continue
		}
		op, whole, err := x.undoOp(e)
		if err != nil {
			return nil, fmt.Errorf("journal entry %d (op %s): %w", e.Seq, e.OpID, err)
		}
		if op.Action == sources.ActionUpdate && len(op.Set) == 0 {
			continue
		}
		op.ID = OpID(op)
		if seen[op.ID] {
			op.ID += "-" + strconv.FormatInt(e.Seq, 10)
		}
		seen[op.ID] = true
		if whole != nil {
			x.wholes[op.ID] = whole
		}
		ops = append(ops, op)
	}
	return ops, nil
}

// undoOp is the op that undoes one entry, and for an update or a delete
// the record as the source held it, when the journal kept it.
func (x *executor) undoOp(e state.Entry) (Op, json.RawMessage, error) {
	op := Op{Source: e.Source, Reason: Reason{Strategy: "rollback", Drift: e.OpID}}
	if err := json.Unmarshal(e.Key, &op.Key); err != nil {
		return op, nil, err
	}
	var before, after Fields
	if err := unmarshalImage(e.Before, &before); err != nil {
		return op, nil, fmt.Errorf("before-image: %w", err)
	}
	if err := unmarshalImage(e.After, &after); err != nil {
		return op, nil, fmt.Errorf("after-image: %w", err)
	}
	before, whole := x.splitWhole(before)
	switch sources.Action(e.Action) {
	case sources.ActionInsert:
		op.Action, op.Expect = sources.ActionDelete, after
	case sources.ActionDelete:
		op.Action, op.Record = sources.ActionInsert, before
		return op, whole, nil
	case sources.ActionUpdate:
		op.Action = sources.ActionUpdate
		for _, b := range before {
			a, _ := after.Get(b.Field)
			if string(a) != string(b.Value) {
				op.Set = append(op.Set, b)
				op.Expect = append(op.Expect, FieldValue{Field: b.Field, Value: a})
			}
		}
		return op, whole, nil
	default:
		return op, nil, fmt.Errorf("unknown action %q", e.Action)
	}
	return op, nil, nil
}

func unmarshalImage(b json.RawMessage, fs *Fields) error {
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	return fs.UnmarshalJSON(b)
}

// settleRun settles the ops the undone run left pending (a run that
// failed, or was killed, between a write and its outcome), now that the
// rollback holds their sources, as a killed run's orphans are settled:
// the target says whether each write happened. It returns the undo ops
// of the journal read again, so that a write that did happen is undone
// too. An op whose target cannot be read refuses the rollback: undoing
// the rest would leave that write in place unnoticed.
func (x *executor) settleRun(ctx context.Context, runID string, pending []state.Entry) ([]Op, error) {
	for _, e := range pending {
		settled, err := x.settleEntry(ctx, e)
		if err != nil {
			return nil, err
		}
		if !settled {
			return nil, fmt.Errorf("run %s: op %s on source %q was left pending and its target cannot be read now; run the rollback again when it can", runID, e.OpID, e.Source)
		}
	}
	entries, err := x.j.Journal(ctx, runID)
	if err != nil {
		return nil, fmt.Errorf("reading the journal of run %s: %w", runID, err)
	}
	x.wholes = map[string]json.RawMessage{}
	ops, err := x.undoOps(entries)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", runID, err)
	}
	return ops, nil
}

// pendingEntries are the entries whose outcome was never journaled.
func pendingEntries(entries []state.Entry) []state.Entry {
	var out []state.Entry
	for _, e := range entries {
		if e.Outcome == state.OutcomePending {
			out = append(out, e)
		}
	}
	return out
}

// entryOps names the sources of entries as ops, for the leases to take.
func entryOps(entries []state.Entry) []Op {
	ops := make([]Op, len(entries))
	for i, e := range entries {
		ops[i] = Op{Source: e.Source}
	}
	return ops
}
