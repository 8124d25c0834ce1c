package repair

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// settleOrphans settles the ops that killed runs left pending on the given
// sources, whose leases this run now holds, so no one else writes them:
// each target is read again, and an op whose target holds its after-image
// is applied, one whose target still holds its before-image is
// not-applied, and one whose target holds neither (changed since by
// someone else) is failed, since whether its write happened is unknown. A
// resumed plan settles its own pending ops this way too; a worker that
// finds a key already converged would otherwise leave a killed run's op
// pending for ever. An op whose target cannot be read stays pending for
// the next run.
func (x *executor) settleOrphans(ctx context.Context, names []string) error {
	entries, err := x.j.OrphanOps(ctx, names)
	if err != nil {
		return fmt.Errorf("reading the ops killed runs left pending: %w", err)
	}
	for _, e := range entries {
		if _, err := x.settleEntry(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// settleEntry reads the target of a pending entry and journals what
// became of its write (see orphanOutcome); settled is false, and the
// entry stays pending, when the target cannot be read now. An entry
// another settler finished meanwhile is settled.
func (x *executor) settleEntry(ctx context.Context, e state.Entry) (settled bool, err error) {
	outcome, msg, ok := x.orphanOutcome(ctx, e)
	if !ok {
		return false, nil
	}
	err = x.j.FinishOp(ctx, e.RunID, e.Seq, e.OpID, outcome, msg, x.opts.now())
	if err != nil && !errors.Is(err, state.ErrNotPending) { // settled meanwhile by a worker on its key
		return true, fmt.Errorf("settling op %s of run %s: %w", e.OpID, e.RunID, err)
	}
	return true, nil
}

// orphanOutcome reads the target of a pending entry and says what became
// of its write; ok is false when the target cannot be read now.
func (x *executor) orphanOutcome(ctx context.Context, e state.Entry) (state.Outcome, string, bool) {
	w, found := x.targets[e.Source]
	op := Op{ID: e.OpID, Source: e.Source, Action: sources.Action(e.Action)}
	if !found || json.Unmarshal(e.Key, &op.Key) != nil {
		return "", "", false
	}
	wop, err := x.writeOp(op)
	if err != nil {
		return "", "", false
	}
	raw, found, err := w.Get(ctx, wop.Key)
	if err != nil {
		return "", "", false
	}
	var before, after Fields
	if unmarshalImage(e.Before, &before) != nil || unmarshalImage(e.After, &after) != nil {
		return state.OutcomeFailed, "the journal's images of the op cannot be read", true
	}
	before, _ = x.splitWhole(before)
	if (op.Action != sources.ActionInsert && len(before) == 0) || (op.Action != sources.ActionDelete && len(after) == 0) {
		return "", "", false // no images to judge by: the plan's own resume settles it
	}
	held := func(fs Fields) bool {
		ok, err := x.holds(x.parse(raw), fs)
		return found && err == nil && ok
	}
	switch {
	case op.Action == sources.ActionDelete && !found, op.Action != sources.ActionDelete && held(after):
		return state.OutcomeApplied, "", true
	case op.Action == sources.ActionInsert && !found, op.Action != sources.ActionInsert && held(before):
		return state.OutcomeNotApplied, "interrupted before the write", true
	}
	return state.OutcomeFailed, "interrupted; the target changed since, so whether the write happened is unknown", true
}

// Reclaim takes the leases of the named sources (as a run with opts.RunID),
// closes the runs of dead processes that held them (interrupted), settles
// the ops those runs left pending, and lets the leases go. A queue worker
// calls it when it finds a key already converged: a job whose earlier
// attempt was killed just after its write would otherwise leave the killed
// run's op pending for ever, as no later run may ever take those sources.
// A source a live run holds refuses it with state.ErrLeaseHeld.
func Reclaim(ctx context.Context, c *contract.Contract, targets map[string]sources.Writer, j Journal, names []string, opts ExecOptions) error {
	ops := make([]Op, len(names))
	for i, n := range names {
		ops[i].Source = n
	}
	ctx, release, taken, err := claim(ctx, j, ops, opts)
	if err != nil {
		return err
	}
	defer release()
	if err := markInterrupted(ctx, j, func(state.Run) bool { return false }, taken, opts.RunID, opts.now()); err != nil {
		return err
	}
	x := &executor{c: c, targets: targets, j: j, opts: opts}
	return x.settleOrphans(ctx, names)
}
