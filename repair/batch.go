package repair

import (
	"context"
	"slices"

	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// maxBatch is the most ops staged against one source before it is flushed.
const maxBatch = 1000

// next runs the ops at the head of ops and returns their results: one op,
// or a batch of consecutive ops whose source is a sources.Batcher.
//
// A file source rewrites the whole file for a write, so its ops are
// applied in batches: each op's intent and before-image is journaled
// (pending) before its write is staged in memory, the batch is written
// with a single atomic rename, and every op's outcome is journaled right
// after that rename, before the next batch starts. A crash before the
// rename leaves the file untouched; one after it leaves ops pending that
// a resume re-reads, as it does for a single write.
func (x *executor) next(ctx context.Context, runID string, ops []Op, resume map[string]state.Entry) ([]OpResult, error) {
	bg := context.WithoutCancel(ctx)
	b, n := x.batchOf(ops)
	if b == nil || x.begin(bg, b, ops[:n]) != nil {
		// Without a batch the op reads and writes the source directly,
		// and reports any error of it as its outcome.
		r, _, err := x.step(bg, runID, ops[0], resume, false)
		if err != nil {
			return nil, err
		}
		x.opts.trace(ops[0], StageFinished)
		return []OpResult{r}, nil
	}
	return x.batch(ctx, runID, ops[:n], b, resume)
}

// bySource orders ops for execution: grouped by source, sources in the
// order they first appear, each source's ops in plan order. A plan sorted
// by key alternates between sources; run as it is, a file would be
// rewritten for every op instead of once a batch. The order is safe to
// change: a plan holds one op per record, and each op is compare-and-set
// on its own record.
func bySource(ops []Op) []Op {
	rank := map[string]int{}
	for _, op := range ops {
		if _, ok := rank[op.Source]; !ok {
			rank[op.Source] = len(rank)
		}
	}
	out := slices.Clone(ops)
	slices.SortStableFunc(out, func(a, b Op) int { return rank[a.Source] - rank[b.Source] })
	return out
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
		if w, err := x.writeOp(op); err == nil {
			keys = append(keys, w.Key)
		}
	}
	if err := p.Prefetch(ctx, keys); err != nil {
		b.AbortBatch()
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
	for n < len(ops) && n < maxBatch && ops[n].Source == ops[0].Source {
		n++
	}
	return b, n
}

// batch runs ops inside an open batch of b, flushes it, and journals the
// outcome of every staged write. A cancelled ctx stops the staging of
// further ops; those staged are still flushed and journaled.
func (x *executor) batch(ctx context.Context, runID string, ops []Op, b sources.Batcher, resume map[string]state.Entry) ([]OpResult, error) {
	bg := context.WithoutCancel(ctx)
	out := make([]OpResult, 0, len(ops))
	var staged []int // indexes in out of the writes waiting for the flush
	for _, op := range ops {
		if ctx.Err() != nil && len(out) > 0 {
			break
		}
		r, pending, err := x.step(bg, runID, op, resume, true)
		if err != nil {
			b.AbortBatch()
			return nil, err
		}
		out = append(out, r)
		if pending {
			staged = append(staged, len(out)-1)
		} else {
			x.opts.trace(op, StageFinished)
		}
	}
	ferr := b.FlushBatch(bg)
	for _, i := range staged {
		op := ops[i]
		x.opts.trace(op, StageWritten)
		if err := x.finish(bg, runID, op, &out[i], ferr); err != nil {
			return nil, err
		}
		x.opts.trace(op, StageFinished)
	}
	return out, nil
}
