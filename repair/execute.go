package repair

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
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
	// Parallel is how many ops of a source that does not batch (a
	// database, an API) are in flight at once, each on its own record;
	// 0 means DefaultParallel, 1 one at a time in plan order. Ops on the
	// same record always run one after the other, in plan order.
	Parallel int
}

// runSpec is one run to execute: its ops and what to journal about it.
type runSpec struct {
	run    state.Run
	ops    []Op
	resume *journaled
}

// journaled is what earlier runs journaled of the ops to run, by op id,
// perhaps still being read: a large plan's journal is read while its first
// batch reads the records of its keys (see Execute and execute).
type journaled struct {
	done chan struct{}
	ops  map[string]state.OpState
	err  error
}

// known is what is journaled, read already.
func known(ops map[string]state.OpState) *journaled {
	j := &journaled{done: make(chan struct{}), ops: ops}
	close(j.done)
	return j
}

// reading reads what is journaled with read, on a goroutine of its own.
func reading(read func() (map[string]state.OpState, error)) *journaled {
	j := &journaled{done: make(chan struct{})}
	go func() {
		defer close(j.done)
		j.ops, j.err = read()
	}()
	return j
}

// wait returns what is journaled once it is read.
func (j *journaled) wait() (map[string]state.OpState, error) {
	<-j.done
	return j.ops, j.err
}

// Execute applies a plan's ops in order, each as a compare-and-set against
// the target as re-read now: a target that already holds the result is
// already-applied, one that holds what the plan expected is written (its
// before-image journaled first), anything else is a conflict and is left
// alone. Ops that an earlier run of the same plan finished are not redone.
// A cancelled ctx stops the run after the ops being read, as
// interrupted: the ops staged or read so far are written and journaled
// first.
//
// The ops of a source that is a sources.Batcher (a file) run as one
// batch: staged in memory, journaled maxBatch to a transaction, written with
// one atomic rename (see next). Those of any other source run in chunks
// of up to 256 ops on distinct records, opts.Parallel at a time: the
// intents of a chunk's writes are journaled in one transaction before
// any of them is made, their outcomes in one more after (see chunk).
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
	if errs := sharedIDs(plan.Ops); len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrRefused, errors.Join(errs...))
	}
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
	// The plan's journal is read while the first batch reads the records
	// of its ops' keys (see execute). An interrupt lets the read finish:
	// the run then stops as any interrupted run does.
	bg := context.WithoutCancel(ctx)
	resume := reading(func() (map[string]state.OpState, error) {
		ops, err := j.PlanOps(bg, plan.PlanID, len(plan.Ops))
		if err != nil {
			return nil, fmt.Errorf("reading the journal of plan %s: %w", plan.PlanID, err)
		}
		return ops, nil
	})
	// execute waits for the read before anything else can fail; should it
	// panic first (a source's prefetch), the read still ends with the run.
	defer resume.wait()
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

// executor runs ops against the targets and journals each outcome.
type executor struct {
	c       *contract.Contract
	targets map[string]sources.Writer
	j       Journal
	opts    ExecOptions
	// wholes holds, by op id, the records a rollback inserts whole.
	wholes map[string]json.RawMessage
	// traceMu lets ops in flight side by side report one at a time.
	traceMu sync.Mutex
}

func (x *executor) execute(ctx context.Context, spec runSpec) (res *RunResult, err error) {
	run := spec.run
	ctx, span := startRun(ctx, run, len(spec.ops))
	defer func() { endRun(span, res, err) }()
	run.StartedAt, run.Status = x.opts.now(), state.StatusRunning
	bg := context.WithoutCancel(ctx)
	// The first batch reads the records of its ops' keys while what
	// earlier runs journaled is read; no op is decided, and the run does
	// not begin, before that is known.
	ops := bySource(spec.ops)
	pre := x.beginBatch(ctx, ops)
	defer func() { pre.abort() }() // unless run has it: dropped on any way out
	resume, err := spec.resume.wait()
	if err != nil {
		return nil, err
	}
	if err := x.j.BeginRun(bg, run); err != nil {
		return nil, fmt.Errorf("starting run %s: %w", run.ID, err)
	}
	res = &RunResult{Schema: RunSchema, RunID: run.ID, PlanID: run.PlanID, Kind: run.Kind,
		RollbackOf: run.RollbackOf, Status: state.StatusDone, Ops: make([]OpResult, 0, len(spec.ops))}
	head := pre
	pre = nil // run's now
	if err := x.run(ctx, res, ops, resume, head); err != nil {
		_ = x.j.FinishRun(bg, run.ID, state.StatusFailed, x.opts.now())
		return nil, err
	}
	if err := x.j.FinishRun(bg, run.ID, res.Status, x.opts.now()); err != nil {
		return nil, fmt.Errorf("finishing run %s: %w", run.ID, err)
	}
	return res, nil
}

// run executes ops, grouped by source, into res's run and counts their
// outcomes: interrupted when ctx ends first, failed when an op failed.
// pre, when not nil, is the batch of the ops' head, begun already; it is
// dropped if the run stops before it.
func (x *executor) run(ctx context.Context, res *RunResult, ops []Op, resume map[string]state.OpState, pre *begun) error {
	defer func() { pre.abort() }()
	for ops := bySource(ops); len(ops) > 0; {
		if ctx.Err() != nil {
			res.Status = state.StatusInterrupted
			break
		}
		head := pre
		pre = nil // next's now, to run or drop, even should it panic
		done, err := x.next(ctx, res.RunID, ops, resume, head)
		if err != nil {
			return err
		}
		for _, s := range done {
			res.Ops = append(res.Ops, s.r)
			res.count(s.r.Outcome)
		}
		ops = ops[len(done):]
	}
	if res.Status == state.StatusDone && leaseLost(ctx) != nil {
		res.Status = state.StatusInterrupted
	}
	if res.Status == state.StatusDone && res.Counts.Failed > 0 {
		res.Status = state.StatusFailed
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
	return appendReason(nil, &r)
}
