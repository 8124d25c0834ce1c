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
	s := &Session{x: &executor{c: c, targets: targets, j: j, opts: opts}, ctx: lctx, release: release}
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

// Close finishes the session's run as done and lets its leases go. A lost
// session's run is left as the run that took its lease over marked it.
func (s *Session) Close(ctx context.Context) error {
	defer s.release()
	if s.Lost() != nil {
		return nil
	}
	if err := s.x.j.FinishRun(context.WithoutCancel(ctx), s.RunID(), state.StatusDone, s.x.opts.now()); err != nil {
		return fmt.Errorf("finishing run %s: %w", s.RunID(), err)
	}
	return nil
}

// Apply is Apply within the session's run: it checks the plan (CheckPlan)
// and executes its ops, each a compare-and-set journaled in the session's
// run, and returns their outcomes (the counts of this plan only). The
// caller holds the lock of every key the plan writes (LockKey). A plan
// that writes a whole-file target also holds, while it runs, that
// target's write lock across processes, refused with state.ErrLeaseHeld
// while another session writes it.
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
	defer context.AfterFunc(s.ctx, func() { stop(context.Cause(s.ctx)) })()
	unlock, err := s.lockWhole(ctx, plan.Ops)
	if err != nil {
		return nil, err
	}
	defer unlock()
	res := &RunResult{Schema: RunSchema, RunID: s.RunID(), PlanID: plan.PlanID, Kind: state.KindWorker,
		Status: state.StatusDone, Ops: []OpResult{}}
	if err := x.run(ctx, res, plan.Ops, nil); err != nil {
		return nil, err
	}
	return res, nil
}

// lockWhole takes the write locks of the whole-file targets that ops
// write: in this process the session's mutex, across processes a lease of
// its own on "write <source>".
func (s *Session) lockWhole(ctx context.Context, ops []Op) (func(), error) {
	var names []string
	for _, name := range opSources(ops) {
		if _, ok := s.x.targets[name].(sources.Batcher); ok {
			names = append(names, "write "+name)
		}
	}
	if len(names) == 0 {
		return func() {}, nil
	}
	s.whole.Lock()
	unlock, err := s.lock(ctx, names, s.x.opts.leaseTTL())
	if err != nil {
		s.whole.Unlock()
		return nil, err
	}
	return func() { unlock(); s.whole.Unlock() }, nil
}

// lock takes exclusive leases on names under a holder id of their own
// (the session's run id and a counter). They are never renewed: another
// process takes them over ttl after they were taken, or as soon as this
// process is gone from this host. unlock lets them go.
func (s *Session) lock(ctx context.Context, names []string, ttl time.Duration) (func(), error) {
	id := fmt.Sprintf("%s/lock-%d", s.RunID(), s.locks.Add(1))
	if _, err := s.x.j.AcquireLease(ctx, state.Lease{RunID: id}, names, ttl); err != nil {
		return nil, err
	}
	return func() { _ = s.x.j.ReleaseLease(context.WithoutCancel(ctx), id) }, nil
}
