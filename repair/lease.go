package repair

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/drift-sh/drift/state"
)

// claim takes, for run opts.RunID, the leases on the sources that ops
// write, and renews them every third of the TTL until release is called.
// A source that a live run holds refuses the run with an error wrapping
// state.ErrLeaseHeld, before anything is journaled; the leases of runs
// whose heartbeat stopped (or whose process on this host is gone) are
// taken over and returned. The context returned is cancelled when a
// renewal finds that a lease was taken over: the run then stops after its
// current op, interrupted.
func claim(ctx context.Context, j Journal, ops []Op, opts ExecOptions) (context.Context, func(), []state.Lease, error) {
	if opts.RunID == "" {
		return nil, nil, nil, errors.New("a run needs an id")
	}
	return claimNames(ctx, j, state.Lease{RunID: opts.RunID}, opSources(ops), opts.leaseTTL())
}

// claimNames takes the leases of holder (exclusive, or shared) on names
// and keeps them alive as claim does. The context returned carries the
// leases' heartbeat, which bounds how long a write under them may take
// (see writeContext).
func claimNames(ctx context.Context, j Journal, holder state.Lease, names []string, ttl time.Duration) (context.Context, func(), []state.Lease, error) {
	start := time.Now()
	taken, err := j.AcquireLease(ctx, holder, names, ttl)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("run %s not started: %w", holder.RunID, err)
	}
	hb := newHeartbeat(ttl, start)
	ctx, cancel := context.WithCancelCause(withHeartbeats(ctx, hb))
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(max(ttl/3, time.Millisecond))
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				at := time.Now()
				err := j.RenewLease(context.WithoutCancel(ctx), holder.RunID, names, at)
				if errors.Is(err, state.ErrLeaseLost) {
					cancel(err)
					return
				}
				if err == nil {
					hb.renewed(at)
				}
			}
		}
	}()
	release := func() {
		close(stop)
		<-done
		_ = j.ReleaseLease(context.WithoutCancel(ctx), holder.RunID)
		cancel(nil)
	}
	return ctx, release, taken, nil
}

func (o ExecOptions) leaseTTL() time.Duration {
	if o.LeaseTTL > 0 {
		return o.LeaseTTL
	}
	return state.LeaseTTL
}

// opSources are the names of the sources that ops write, each once.
func opSources(ops []Op) []string {
	seen := map[string]bool{}
	var out []string
	for _, op := range ops {
		if !seen[op.Source] {
			seen[op.Source] = true
			out = append(out, op.Source)
		}
	}
	return out
}

// claimRollback takes the leases of a rollback of run undone, closes the
// earlier rollbacks of that run that a dead process left behind, and
// returns what they journaled, by op id, for the rollback to resume: an
// undo op has the same id in every rollback of a run, so an op a killed
// rollback left pending is settled as a killed apply's is.
func (x *executor) claimRollback(ctx context.Context, undone string, ops []Op) (context.Context, func(), map[string]state.OpState, error) {
	ctx, release, taken, err := claim(ctx, x.j, ops, x.opts)
	if err != nil {
		return nil, nil, nil, err
	}
	same := func(r state.Run) bool { return r.Kind == state.KindRollback && r.RollbackOf == undone }
	resume, err := x.earlierRollbacks(ctx, same, taken)
	if err != nil {
		release()
		return nil, nil, nil, err
	}
	return ctx, release, resume, nil
}

func (x *executor) earlierRollbacks(ctx context.Context, same func(state.Run) bool, taken []state.Lease) (map[string]state.OpState, error) {
	if err := markInterrupted(ctx, x.j, same, taken, x.opts.RunID, x.opts.now()); err != nil {
		return nil, err
	}
	runs, err := x.j.Runs(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("reading runs: %w", err)
	}
	resume := map[string]state.OpState{}
	for i := len(runs) - 1; i >= 0; i-- {
		if r := runs[i]; same(r) && r.Status == state.StatusInterrupted {
			entries, err := x.j.Journal(ctx, r.ID)
			if err != nil {
				return nil, fmt.Errorf("reading the journal of run %s: %w", r.ID, err)
			}
			for _, e := range entries {
				resume[e.OpID] = state.OpState{RunID: e.RunID, Seq: e.Seq, Outcome: e.Outcome}
			}
		}
	}
	return resume, nil
}
