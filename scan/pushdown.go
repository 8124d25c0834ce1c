package scan

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/tracing"
	"github.com/drift-sh/drift/sources"
)

// segmentTarget is how long one range query should take: ranges grow or
// shrink toward it as the walk measures them.
const segmentTarget = 500 * time.Millisecond

// pushdown compares the sources range by range inside their databases
// (SPEC "Big tables") and diffs only the ranges that differ. It returns
// nil, and says why in the log, when the scan must read every record
// instead: a source that cannot, a contract with named rules, a failure,
// or a violation, whose message locates the record in the source's full
// read order.
func pushdown(ctx context.Context, cfg *contract.Config, srcs []*Opened, opts Options) (*Result, error) {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	why := pushdownBlocked(cfg.Contract, srcs, opts)
	if why != "" {
		log.DebugContext(ctx, "checksum pushdown off", "reason", why)
		return nil, nil
	}
	ctx, span := tracing.Tracer().Start(ctx, "checksum")
	defer span.End()
	w, err := beginWalk(ctx, srcs)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		log.InfoContext(ctx, "checksum pushdown off", "reason", err.Error())
		return nil, nil
	}
	defer w.close()
	names := make([]string, len(srcs))
	for i, o := range srcs {
		names[i] = o.Name
	}
	w.eng = diff.New(cfg.Contract, names)
	if err := w.run(ctx); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		log.WarnContext(ctx, "checksum pushdown failed; reading every record", "error", Scrub(err.Error(), w.secrets()))
		return nil, nil
	}
	w.close()
	w.eng.AddAgreed(int(w.agreed))
	drifts, sum := w.eng.Result()
	if sum.Violations > 0 {
		log.InfoContext(ctx, "checksum pushdown found violations; reading every record to locate them", "violations", sum.Violations)
		return nil, nil
	}
	for i, o := range srcs {
		log.InfoContext(ctx, "checksum", "source", o.Name, "segments_compared", w.stats.compared,
			"segments_split", w.stats.split, "segments_fetched", w.stats.fetched, "rows_fetched", w.stats.rows[o.Name])
		if opts.Progress != nil {
			opts.Progress.Add(o.Name, int(w.rows[i]))
			opts.Progress.Done(o.Name, nil)
		}
	}
	return w.result(cfg.Contract, drifts, sum), nil
}

// pushdownBlocked says why the scan cannot compare ranges, or "".
func pushdownBlocked(c *contract.Contract, srcs []*Opened, opts Options) string {
	switch {
	case len(srcs) < 2:
		return "fewer than two sources"
	case opts.Record != nil:
		return "the scan is recorded, which keeps every record"
	case opts.Checker != nil || len(c.Invariants) > 0 || len(c.Transitions) > 0:
		return "the contract has invariants or transitions, checked on every record"
	}
	for _, o := range srcs {
		if _, ok := o.Source.(sources.Checksummer); !ok {
			return fmt.Sprintf("source %q (%s) cannot compare ranges in its database", o.Name, o.Type)
		}
	}
	return ""
}

// walk is one pushdown scan: a session per source, in config order, and
// what it found.
type walk struct {
	srcs      []*Opened
	sess      []sources.ChecksumSession
	eng       *diff.Engine
	factor    int
	threshold int64
	rows      []int64 // per source, every row its ranges counted
	agreed    int64
	stats     walkStats
	closeOnce sync.Once
}

type walkStats struct {
	compared, split, fetched int
	rows                     map[string]int
}

// beginWalk opens a checksum session on every source; the first source
// that cannot say why ends them all.
func beginWalk(ctx context.Context, srcs []*Opened) (*walk, error) {
	w := &walk{srcs: srcs, rows: make([]int64, len(srcs)), stats: walkStats{rows: map[string]int{}}}
	for _, o := range srcs {
		s, err := o.Source.(sources.Checksummer).BeginChecksum(ctx)
		if err != nil {
			w.close()
			if !errors.Is(err, sources.ErrNoChecksum) {
				err = fmt.Errorf("source %q: %s", o.Name, Scrub(err.Error(), o.Secrets))
			} else {
				err = fmt.Errorf("source %q: %w", o.Name, err)
			}
			return nil, err
		}
		w.sess = append(w.sess, s)
		op := s.Options()
		w.factor = max(w.factor, op.BisectFactor)
		if t := int64(op.BisectThreshold); w.threshold == 0 || t < w.threshold {
			w.threshold = t
		}
	}
	return w, nil
}

func (w *walk) close() {
	w.closeOnce.Do(func() {
		for _, s := range w.sess {
			s.Close()
		}
	})
}

func (w *walk) secrets() []string {
	var out []string
	for _, o := range w.srcs {
		out = append(out, o.Secrets...)
	}
	return out
}

// result is the report of a finished walk.
func (w *walk) result(c *contract.Contract, drifts []diff.Drift, sum diff.Summary) *Result {
	res := &Result{Engine: w.eng, Failed: map[string]string{}}
	statuses := make([]diff.SourceStatus, len(w.srcs))
	for i, o := range w.srcs {
		statuses[i] = diff.SourceStatus{Name: o.Name, Type: o.Type, Authoritative: c.Resolve.Authority == o.Name,
			Records: int(w.rows[i]), Version: w.sess[i].Snapshot().Version}
	}
	res.Report = &diff.Report{Sources: statuses, Summary: sum, Drifts: drifts}
	return res
}
