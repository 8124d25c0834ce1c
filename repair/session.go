package repair

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// Session is one run that stays open while it applies many plans: the run
// of a queue worker process (kind worker), which journals every job's ops
// into it. It holds a shared lease on every target for its whole life, so
// an apply, rollback or repair (which needs its sources alone) is refused
// while a worker runs, while other workers' sessions work beside it. Two
// sessions never work one key at once: a worker holds the key's lock
// (LockKey) from its re-read to its write.
type Session struct {
	x *executor
	// ctx is cancelled when the session's lease is lost (its heartbeat
	// stopped for longer than the TTL and another run took it over).
	ctx     context.Context
	release func()
	// whole serializes, in this process, the plans that write a target
	// that rewrites a whole file (a sources.Batcher).
	whole sync.Mutex
	locks atomic.Int64
	// names are the targets' names, sorted.
	names []string
	// held maps the name of each lock held now to its context, cancelled
	// with state.ErrLeaseLost should another process take it over.
	held sync.Map
	// seq numbers the ops the session journals (see Apply).
	seq atomic.Int64
	// unsettled is set once a journal error may have left an op of the
	// run pending (see Close).
	unsettled atomic.Bool
}

// OpenSession takes a shared lease on every target (as run opts.RunID),
// marks interrupted the runs whose leases it took over (their process is
// gone), settles the ops they left pending, and begins the run. Close ends
// it. A source that an apply or rollback holds refuses it with an error
// wrapping state.ErrLeaseHeld.
func OpenSession(ctx context.Context, c *contract.Contract, targets map[string]sources.Writer, j Journal, opts ExecOptions) (*Session, error) {
	names := make([]string, 0, len(targets))
	for name := range targets {
		names = append(names, name)
	}
	slices.Sort(names)
	if opts.RunID == "" {
		return nil, errors.New("a run needs an id")
	}
	opts.Kind = state.KindWorker
	// The session outlives the caller's ctx (a worker's, cancelled at
	// SIGTERM while its last jobs finish): Close ends it.
	lctx, release, taken, err := claimNames(context.WithoutCancel(ctx), j, state.Lease{RunID: opts.RunID, Shared: true}, names, opts.leaseTTL())
	if err != nil {
		return nil, err
	}
	s := &Session{x: &executor{c: c, targets: targets, j: j, opts: opts}, ctx: lctx, release: release, names: names}
	if err := s.open(ctx, names, taken); err != nil {
		release()
		return nil, err
	}
	return s, nil
}

func (s *Session) open(ctx context.Context, names []string, taken []state.Lease) error {
	x := s.x
	if err := markInterrupted(ctx, x.j, func(state.Run) bool { return false }, taken, x.opts.RunID, x.opts.now()); err != nil {
		return err
	}
	if err := x.settleOrphans(ctx, names); err != nil {
		return err
	}
	run := state.Run{ID: x.opts.RunID, Kind: state.KindWorker, ConfigPath: x.opts.ConfigPath, StartedAt: x.opts.now(),
		Status:   state.StatusRunning,
		Contract: state.Contract{Name: x.c.Name, Version: x.c.Version, Digest: x.c.Digest}}
	if err := x.j.BeginRun(context.WithoutCancel(ctx), run); err != nil {
		return fmt.Errorf("starting run %s: %w", run.ID, err)
	}
	return nil
}

// RunID is the session's run.
func (s *Session) RunID() string { return s.x.opts.RunID }

// Lost is the error wrapping state.ErrLeaseLost once the session's lease
// was taken over (its heartbeat stopped for longer than the TTL, and
// another run marked it interrupted); nil while it holds it. A lost
// session applies nothing more: open a new one.
func (s *Session) Lost() error {
	if err := context.Cause(s.ctx); errors.Is(err, state.ErrLeaseLost) {
		return err
	}
	return nil
}

// Close finishes the session's run and lets its leases go: done, or
// interrupted when ops of the run are still pending (a journal error after
// their writes), so that the next run holding its sources settles them. A
// lost session's run is left as the run that took its lease over marked
// it.
func (s *Session) Close(ctx context.Context) error {
	defer s.release()
	if s.Lost() != nil {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	status, err := s.closeStatus(ctx)
	if err != nil {
		return err
	}
	if err := s.x.j.FinishRun(ctx, s.RunID(), status, s.x.opts.now()); err != nil {
		return fmt.Errorf("finishing run %s: %w", s.RunID(), err)
	}
	return nil
}

// closeStatus is done unless ops of the run may be, and are, pending.
func (s *Session) closeStatus(ctx context.Context) (state.Status, error) {
	if !s.unsettled.Load() {
		return state.StatusDone, nil
	}
	entries, err := s.x.j.Journal(ctx, s.RunID())
	if err != nil {
		return "", fmt.Errorf("reading the journal of run %s: %w", s.RunID(), err)
	}
	for _, e := range entries {
		if e.Outcome == state.OutcomePending {
			return state.StatusInterrupted, nil
		}
	}
	return state.StatusDone, nil
}

// Apply is Apply within the session's run: it checks the plan (CheckPlan)
// and executes its ops, each a compare-and-set journaled in the session's
// run, and returns their outcomes (the counts of this plan only). The
// caller holds the lock of every key the plan writes (LockKey). A plan
// that writes a whole-file target also holds, while it runs, that
// target's write lock across processes, refused with state.ErrLeaseHeld
// while another session writes it.
//
// Every job of a worker journals into the one run, and a retried job (or
// a drift that recurs) builds the very same op again, so each op is
// journaled under its id and a number of the session's own ("<id>-<n>"),
// the results carrying that id. Should the session's lease or a lock the
// plan is worked under be taken over, the ops not yet written are not
// written (not-applied) and the result is interrupted.
func (s *Session) Apply(ctx context.Context, plan *Plan) (*RunResult, error) {
	x := s.x
	if err := CheckPlan(plan, x.c, x.targets); err != nil {
		return nil, err
	}
	if err := context.Cause(s.ctx); err != nil {
		return nil, fmt.Errorf("run %s: %w", s.RunID(), err)
	}
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	ctx, forget, err := s.guard(ctx, stop, plan.Ops)
	if err != nil {
		return nil, err
	}
	defer forget()
	ctx, unlock, err := s.lockWhole(ctx, stop, plan.Ops)
	if err != nil {
		return nil, err
	}
	defer unlock()
	res := &RunResult{Schema: RunSchema, RunID: s.RunID(), PlanID: plan.PlanID, Kind: state.KindWorker,
		Status: state.StatusDone, Ops: []OpResult{}}
	if err := x.run(ctx, res, s.number(plan.Ops), nil, nil); err != nil {
		s.unsettled.Store(true)
		return nil, err
	}
	return res, nil
}

// number gives each op an id unique in the session's run.
func (s *Session) number(ops []Op) []Op {
	out := make([]Op, len(ops))
	for i, op := range ops {
		op.ID = fmt.Sprintf("%s-%d", op.ID, s.seq.Add(1))
		out[i] = op
	}
	return out
}

// lockWhole takes the write locks of the whole-file targets that ops
// write: in this process the session's mutex, across processes a lease of
// its own on "write <source>".
func (s *Session) lockWhole(ctx context.Context, stop context.CancelCauseFunc, ops []Op) (context.Context, func(), error) {
	var names []string
	for _, name := range opSources(ops) {
		if _, ok := s.x.targets[name].(sources.Batcher); ok {
			names = append(names, "write "+name)
		}
	}
	if len(names) == 0 {
		return ctx, func() {}, nil
	}
	s.whole.Lock()
	unlock, err := s.lock(ctx, names, s.x.opts.leaseTTL())
	if err != nil {
		s.whole.Unlock()
		return nil, nil, err
	}
	lctx, _ := s.held.Load(names[0])
	forget := watchLock(lctx.(context.Context), stop)
	return withHeartbeats(ctx, heartbeatsOf(lctx.(context.Context))...), func() { forget(); unlock(); s.whole.Unlock() }, nil
}

// lock takes exclusive leases on names under a holder id of their own
// (the session's run id and a counter), renewed every third of ttl while
// held, as a run's leases are: another process takes them over only ttl
// after this one stopped renewing them (or at once, on this host, once
// it is gone). unlock lets them go.
func (s *Session) lock(ctx context.Context, names []string, ttl time.Duration) (func(), error) {
	id := fmt.Sprintf("%s/lock-%d", s.RunID(), s.locks.Add(1))
	lctx, release, _, err := claimNames(context.WithoutCancel(ctx), s.x.j, state.Lease{RunID: id}, names, ttl)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		s.held.Store(n, lctx)
	}
	return func() {
		for _, n := range names {
			s.held.CompareAndDelete(n, lctx)
		}
		release()
	}, nil
}
