package repair

import (
	"context"
	"fmt"
	"slices"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// maxBatch is the most ops of a batch journaled in one transaction. The
// journal's indexes on op ids and keys take each transaction's entries at
// random places, so every transaction rewrites most of their pages:
// 10,000 entries a transaction instead of 1,000 write a tenth as many
// pages for a large batch (100,493 ops: 461,200 page writes at 1,000),
// and hold about 20 MB of before- and after-images until journaled.
var maxBatch = 10000 // a variable so that tests can make parts of a few ops

// next runs the ops at the head of ops and returns their slots: every
// consecutive op of a source that is a sources.Batcher, as one batch, or
// a chunk of another source's ops (see chunk).
//
// A file source rewrites the whole file for a write, so all its ops are
// applied as one batch, the file read once and written once: each op is
// read and decided against the staged records and its write staged in
// memory; the intents and before-images of up to maxBatch ops at a time
// are journaled (pending) in one transaction, the ops that write nothing
// with their outcomes; once every op is staged and journaled, the batch
// is written with a single atomic rename (none if nothing changed), and
// the outcomes are journaled, maxBatch a transaction. A crash before the
// rename leaves the file untouched; one after it leaves ops pending that
// a resume re-reads, as it does for a single write.
//
// pre, when not nil, is the batch of the head of ops, begun already (see
// execute).
func (x *executor) next(ctx context.Context, runID string, ops []Op, resume map[string]state.OpState, pre *begun) ([]*slot, error) {
	if pre == nil {
		pre = x.beginBatch(ctx, ops)
	}
	if pre == nil {
		return x.chunk(ctx, runID, ops[:chunkOf(ops)], resume)
	}
	if pre.err == nil {
		return x.batch(pre.ctx, runID, ops[:pre.n], pre.b, resume)
	}
	// Without a batch the op reads and writes the source directly, and
	// reports any error of it as its outcome.
	return x.chunk(pre.ctx, runID, ops[:1], resume)
}

// bySource orders ops for execution: grouped by source, sources in the
// order they first appear, each source's ops in plan order. A plan sorted
// by key alternates between sources; run as it is, a file would be
// rewritten for every op instead of once a batch. The order is safe to
// change: a plan holds one op per record, and each op is compare-and-set
// on its own record.
func bySource(ops []Op) []Op {
	rank := map[string]int{}
	grouped := true
	for i, op := range ops {
		if _, ok := rank[op.Source]; !ok {
			rank[op.Source] = len(rank)
		} else if op.Source != ops[i-1].Source {
			grouped = false
		}
	}
	if grouped {
		// Already in that order (a plan for one writable source is):
		// the ops are read, not changed, so they need no copy.
		return ops
	}
	out := slices.Clone(ops)
	slices.SortStableFunc(out, func(a, b Op) int { return rank[a.Source] - rank[b.Source] })
	return out
}

// begun is a batch begun for the first n ops of a run's remaining ops, on
// b; the batch belongs to ctx. err is the error of beginning it: those
// ops then run one at a time.
type begun struct {
	ctx context.Context
	b   sources.Batcher
	n   int
	err error
}

// beginBatch begins the batch of the ops at the head of ops, when their
// source batches; nil when it does not.
func (x *executor) beginBatch(ctx context.Context, ops []Op) *begun {
	if len(ops) == 0 {
		return nil
	}
	b, n := x.batchOf(ops)
	if b == nil {
		return nil
	}
	// The batch is its ops' own: other callers of the source (another
	// job's re-read) see the stored data, never what it stages.
	ctx = sources.BatchContext(ctx)
	return &begun{ctx: ctx, b: b, n: n, err: x.begin(context.WithoutCancel(ctx), b, ops[:n])}
}

// abort drops a begun batch that is not to run; nil does nothing.
func (p *begun) abort() {
	if p != nil && p.err == nil {
		p.b.AbortBatch(context.WithoutCancel(p.ctx))
	}
}

// begin opens a batch on b for ops and, when b can, has it read the
// records of all their keys in one pass.
func (x *executor) begin(ctx context.Context, b sources.Batcher, ops []Op) error {
	if err := b.BeginBatch(ctx); err != nil {
		return err
	}
	p, ok := b.(sources.Prefetcher)
	if !ok {
		return nil
	}
	keys := make([][]any, 0, len(ops))
	for _, op := range ops {
		if key, err := x.opKey(op); err == nil {
			keys = append(keys, key)
		}
	}
	if err := p.Prefetch(ctx, keys); err != nil {
		b.AbortBatch(ctx)
		return err
	}
	return nil
}

// batchOf returns the Batcher of the first op's source and how many
// consecutive ops share that source, or nil when it cannot batch.
func (x *executor) batchOf(ops []Op) (sources.Batcher, int) {
	b, ok := x.targets[ops[0].Source].(sources.Batcher)
	if !ok {
		return nil, 1
	}
	n := 1
	for n < len(ops) && ops[n].Source == ops[0].Source {
		n++
	}
	return b, n
}

// batch runs ops inside an open batch of b: it stages them in order,
// journaling them maxBatch at a time, flushes the batch once, and
// journals the outcome of every staged write. A cancelled ctx stops the
// staging of further ops; those staged are still flushed and journaled.
//
// Each part of maxBatch ops is journaled on a goroutine of its own while
// the next part is read and staged: nothing staged is visible before the
// flush, which waits for every part's intents to be durable, so the
// journal and the staging can use a core each. The parts are journaled
// one after the other, in order, and their stages are traced on the
// calling goroutine once journaled, with no journal write under way (a
// test's Trace may stop the run there as a kill would).
func (x *executor) batch(ctx context.Context, runID string, ops []Op, b sources.Batcher, resume map[string]state.OpState) ([]*slot, error) {
	bg := context.WithoutCancel(ctx)
	var all, logging []*slot
	logged := make(chan error, 1)
	logged <- nil
	pending, flushing := true, false // a part's journal result waits in logged; the flush began
	defer func() {
		// On an error, or a panic (a Trace that stops the run), no
		// journal write outlives the batch, and the batch is dropped.
		if pending {
			<-logged
		}
		if !flushing {
			b.AbortBatch(bg)
		}
	}()
	// wait waits for the part being journaled, then traces it.
	wait := func() error {
		err := <-logged
		pending = false
		if err != nil {
			return err
		}
		x.traceLogged(logging)
		logging = nil
		return nil
	}
	for len(all) < len(ops) && (len(all) == 0 || ctx.Err() == nil) {
		part := make([]*slot, 0, min(maxBatch, len(ops)-len(all)))
		for i := len(all); i < min(len(all)+maxBatch, len(ops)); i++ {
			if ctx.Err() != nil && i > 0 {
				break
			}
			s, err := x.prepare(bg, runID, &ops[i], resume, true)
			if err != nil {
				return nil, err
			}
			part = append(part, s)
		}
		if err := wait(); err != nil {
			return nil, err
		}
		logging, pending = part, true
		go func() {
			err := x.journal(bg, part)
			for _, s := range part {
				// Journaled, and staged in the batch: of the op only its
				// result is needed now, not its images or its write.
				s.staging = nil
			}
			logged <- err
		}()
		all = append(all, part...)
	}
	if err := wait(); err != nil {
		return nil, err
	}
	flushing = true
	if err := x.flush(ctx, runID, b, all); err != nil {
		return nil, err
	}
	return all, nil
}

// flush writes the batch and journals the outcomes of its staged writes,
// maxBatch a transaction. A cancelled ctx does not stop it.
func (x *executor) flush(ctx context.Context, runID string, b sources.Batcher, all []*slot) error {
	ferr := x.flushBatch(ctx, b)
	ctx = context.WithoutCancel(ctx)
	var staged []*slot
	for _, s := range all {
		if s.write {
			s.werr = ferr
			x.trace(s.op, StageWritten)
			staged = append(staged, s)
		}
	}
	for i := 0; i < len(staged); i += maxBatch {
		if err := x.finishChunk(ctx, runID, staged[i:min(i+maxBatch, len(staged))]); err != nil {
			return err
		}
	}
	return nil
}

// flushBatch writes the batch, unless the run's lease (or a worker's
// lock) was taken over meanwhile: then it is dropped, its ops not written.
func (x *executor) flushBatch(ctx context.Context, b sources.Batcher) error {
	if err := leaseLost(ctx); err != nil {
		b.AbortBatch(ctx)
		return fmt.Errorf("%w: %w", errNotWritten, err)
	}
	wctx, cancel := writeContext(context.WithoutCancel(ctx))
	defer cancel()
	return b.FlushBatch(wctx)
}
