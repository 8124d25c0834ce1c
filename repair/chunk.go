package repair

import (
	"context"
	"fmt"
	"sync"

	"github.com/drift-sh/drift/state"
)

// DefaultParallel is how many ops of one source are in flight at once
// when ExecOptions.Parallel is 0.
const DefaultParallel = 4

// maxChunk is the most ops of a source that does not batch (a database,
// an API) read, journaled and written together: their intents in one
// transaction, their writes side by side, their outcomes in one more.
const maxChunk = 256

func (o ExecOptions) parallel() int {
	if o.Parallel > 0 {
		return o.Parallel
	}
	return DefaultParallel
}

// chunkOf returns how many ops at the head of ops form a chunk: ops of
// the first op's source, up to maxChunk, stopping before an op on a record
// the chunk holds already, which must wait for the earlier op to finish.
func chunkOf(ops []Op) int {
	seen := map[string]bool{}
	n := 0
	for n < len(ops) && n < maxChunk && ops[n].Source == ops[0].Source {
		k := keyText(ops[n])
		if seen[k] {
			break
		}
		seen[k] = true
		n++
	}
	return n
}

// chunk runs ops, each on its own record of one source, with up to
// opts.Parallel of them in flight: every op's target is read and decided,
// the intents of the writes and the outcomes of the other ops are
// journaled in one transaction, the writes are made, and their outcomes
// are journaled in one more. A cancelled ctx stops the reading of further
// ops; the ops read are finished.
func (x *executor) chunk(ctx context.Context, runID string, ops []Op, resume map[string]state.OpState) ([]*slot, error) {
	bg := context.WithoutCancel(ctx)
	slots := make([]*slot, len(ops))
	n, err := x.pool(ctx, len(ops), func(i int) error {
		s, err := x.prepare(bg, runID, &ops[i], resume, false)
		slots[i] = s
		return err
	})
	if err != nil {
		return nil, err
	}
	slots = slots[:n]
	if err := x.logChunk(bg, slots); err != nil {
		return nil, err
	}
	_, _ = x.pool(bg, n, func(i int) error {
		if s := slots[i]; s.write {
			s.werr = x.write(ctx, s)
			x.trace(s.op, StageWritten)
		}
		return nil
	})
	if err := x.finishChunk(bg, runID, slots); err != nil {
		return nil, err
	}
	return slots, nil
}

// write makes the slot's write, unless the run's lease (or a worker's
// key lock) was taken over meanwhile: then another process may settle the
// op at any moment, so it is not written (not-applied). The write must end
// before the lease could be taken over (see writeContext).
func (x *executor) write(ctx context.Context, s *slot) error {
	if err := leaseLost(ctx); err != nil {
		return fmt.Errorf("%w: %w", errNotWritten, err)
	}
	wctx, cancel := writeContext(s.ctx)
	defer cancel()
	return s.t.writer.Write(wctx, s.t.write)
}

// pool calls fn(i) for i from 0 to n-1 on up to opts.Parallel goroutines,
// starting them in order, and returns how many it started and the first
// error. Once ctx is done it starts no more (but always the first): the
// ops started are always a prefix.
func (x *executor) pool(ctx context.Context, n int, fn func(i int) error) (int, error) {
	var (
		mu      sync.Mutex
		next    int
		stopped bool
		first   error
		wg      sync.WaitGroup
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if stopped || next >= n || next > 0 && ctx.Err() != nil {
			stopped = true
			return 0, false
		}
		next++
		return next - 1, true
	}
	for range min(x.opts.parallel(), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, ok := take(); ok; i, ok = take() {
				if err := fn(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return next, first
}

// logChunk journals slots in one transaction, in order: the intent and
// before-image of each write, the outcome of every other op; then it
// traces them.
func (x *executor) logChunk(ctx context.Context, slots []*slot) error {
	if err := x.journal(ctx, slots); err != nil {
		return err
	}
	x.traceLogged(slots)
	return nil
}

// journal is logChunk without the tracing: it journals the slots and
// ends the spans of the ops that write nothing.
func (x *executor) journal(ctx context.Context, slots []*slot) error {
	if len(slots) == 0 {
		return nil
	}
	entries := make([]state.Entry, len(slots))
	for i, s := range slots {
		e := s.e
		if s.write {
			e.Outcome = state.OutcomePending
		} else {
			e.Outcome, e.Error, e.FinishedAt = s.r.Outcome, s.r.Error, x.opts.now()
		}
		entries[i] = e
	}
	seqs, err := x.j.AppendOps(ctx, entries)
	if err == nil && len(seqs) != len(entries) {
		err = fmt.Errorf("the journal numbered %d of %d entries", len(seqs), len(entries))
	}
	if err != nil {
		for _, s := range slots {
			s.done(err)
		}
		return fmt.Errorf("journaling ops %s to %s before their writes: %w", slots[0].op.ID, slots[len(slots)-1].op.ID, err)
	}
	for i, s := range slots {
		s.seq = seqs[i]
		if !s.write {
			s.done(nil)
		}
	}
	return nil
}

// traceLogged reports journaled slots to the trace: a write as begun,
// any other op as finished.
func (x *executor) traceLogged(slots []*slot) {
	for _, s := range slots {
		if s.write {
			x.trace(s.op, StageBegun)
		} else {
			x.trace(s.op, StageFinished)
		}
	}
}

// finishChunk journals the outcomes of the slots' writes in one
// transaction.
func (x *executor) finishChunk(ctx context.Context, runID string, slots []*slot) error {
	var outs []state.OpOutcome
	// The outcomes are journaled at one moment, so they carry one time:
	// the journal finishes the ops that share an outcome together.
	at := x.opts.now()
	for _, s := range slots {
		if s.write {
			outcomeOf(&s.r, s.werr)
			outs = append(outs, state.OpOutcome{Seq: s.seq, OpID: s.op.ID, Outcome: s.r.Outcome, Error: s.r.Error, At: at})
		}
	}
	if len(outs) == 0 {
		return nil
	}
	if err := x.j.FinishOps(ctx, runID, outs); err != nil {
		for _, s := range slots {
			if s.write {
				s.done(err)
			}
		}
		return fmt.Errorf("journaling the outcomes of %d writes: %w", len(outs), err)
	}
	for _, s := range slots {
		if s.write {
			s.done(nil)
			x.trace(s.op, StageFinished)
		}
	}
	return nil
}

// trace reports a stage of an op, one at a time whatever the goroutine.
func (x *executor) trace(op *Op, s Stage) {
	if x.opts.Trace == nil {
		return
	}
	x.traceMu.Lock()
	defer x.traceMu.Unlock()
	x.opts.Trace(*op, s)
}
