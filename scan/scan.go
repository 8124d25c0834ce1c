// Package scan runs one scan: it opens every source of a config, fetches
// them concurrently into the diff engine and assembles the report. It is
// shared by the scan, plan and repair commands.
package scan

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/padded"
	"github.com/drift-sh/drift/internal/tracing"
	"github.com/drift-sh/drift/sources"
)

// Opened is one source of a config, initialized and ready to fetch.
type Opened struct {
	Name   string
	Type   string
	Config sources.Config
	Source sources.Source
	// Secrets are strings from the source's config that must never be
	// printed (passwords, tokens); errors are scrubbed of them.
	Secrets []string
}

// Writer returns the source's writer when it is writable and supports writes.
func (o *Opened) Writer() (sources.Writer, bool) {
	if !o.Config.Writable {
		return nil, false
	}
	w, ok := o.Source.(sources.Writer)
	return w, ok
}

// Open instantiates and initializes every source of cfg. Init does no I/O,
// so every error here is a config error.
func Open(cfg *contract.Config) ([]*Opened, error) {
	var out []*Opened
	var problems []contract.Problem
	for _, sc := range cfg.Sources {
		o, err := initSource(cfg, sc, cfg.Contract)
		switch {
		case o == nil:
			problems = append(problems, unknownType(cfg.File, sc))
		case err != nil:
			problems = append(problems, initProblems(cfg.File, sc, err, o.Secrets)...)
		default:
			out = append(out, o)
		}
	}
	if len(problems) > 0 {
		CloseAll(out)
		return nil, &contract.LoadError{Problems: problems}
	}
	return out, nil
}

// CloseAll closes the sources that hold connections.
func CloseAll(srcs []*Opened) {
	for _, o := range srcs {
		if c, ok := o.Source.(sources.Closer); ok {
			_ = c.Close()
		}
	}
}

// Names are the sources' names, in config order.
func Names(srcs []*Opened) []string {
	out := make([]string, len(srcs))
	for i, o := range srcs {
		out[i] = o.Name
	}
	return out
}

// Options tune a scan.
type Options struct {
	RunID   string
	Now     func() time.Time
	Checker diff.Checker
	// Progress, when set, is told how many records each source has read so
	// far, and when a source is done.
	Progress Progress
	// Log, when set, is told how the scan compared the sources: ranges
	// compared, split and read per source, or why it read every record.
	Log *slog.Logger
	// Record, when set, is given every record each source reads, as read
	// (drift scan --record); the scan then reads every record.
	Record RecordSink
}

// RecordSink keeps the records of a scan as the sources read them
// (*state.RecordBuffer is one). Record is called concurrently for
// different sources, never for the same one; a record's strings may be
// reused once it returns.
type RecordSink interface {
	Record(src int, rec contract.Record)
}

// Progress receives read progress.
type Progress interface {
	Add(source string, n int)
	Done(source string, err error)
}

// Result is a finished scan: the report, and the engine that holds every
// record's canonical values for the planner.
type Result struct {
	Report *diff.Report
	Engine *diff.Engine
	// Failed holds, per failed source name, the (scrubbed) error.
	Failed map[string]string
}

// Incomplete reports whether a source could not be read.
func (r *Result) Incomplete() bool { return len(r.Failed) > 0 }

// run is Run without its span.
func run(ctx context.Context, cfg *contract.Config, srcs []*Opened, opts Options) (*Result, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	started := now()
	res, err := pushdown(ctx, cfg, srcs, opts)
	if err != nil {
		return nil, err
	}
	if res != nil {
		res.Report.Schema, res.Report.RunID = diff.ReportSchema, opts.RunID
		res.Report.StartedAt, res.Report.FinishedAt = started.UTC(), now().UTC()
		c := cfg.Contract
		res.Report.Contract = diff.ContractRef{Name: c.Name, Version: c.Version, Digest: c.Digest}
		if res.Report.Drifts == nil {
			res.Report.Drifts = []diff.Drift{}
		}
		return res, nil
	}
	names := make([]string, len(srcs))
	for i, o := range srcs {
		names[i] = o.Name
	}
	var eopts []diff.Option
	if opts.Checker != nil {
		eopts = append(eopts, diff.WithChecker(opts.Checker))
	}
	eopts = append(eopts, diff.WithLocated(rereadable(srcs)...))
	eng := diff.New(cfg.Contract, names, eopts...)
	statuses := make([]diff.SourceStatus, len(srcs))
	var wg sync.WaitGroup
	for i, o := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = fetchTraced(ctx, eng, i, o, cfg.Contract, opts)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ctx, dspan := tracing.Tracer().Start(ctx, "diff")
	defer dspan.End()
	reread(ctx, eng, srcs, statuses)
	for _, o := range srcs {
		if r, ok := o.Source.(sources.Releaser); ok {
			r.Release()
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	drifts, sum := eng.Result()
	dspan.SetAttributes(tracing.Drifts.Int(len(drifts)))
	res = &Result{Engine: eng, Failed: map[string]string{}}
	for _, st := range statuses {
		if st.Error != nil {
			res.Failed[st.Name] = *st.Error
		}
	}
	c := cfg.Contract
	res.Report = &diff.Report{
		Schema: diff.ReportSchema, RunID: opts.RunID,
		StartedAt: started.UTC(), FinishedAt: now().UTC(),
		Contract: diff.ContractRef{Name: c.Name, Version: c.Version, Digest: c.Digest},
		Sources:  statuses, Summary: sum, Drifts: drifts,
	}
	if res.Report.Drifts == nil {
		res.Report.Drifts = []diff.Drift{}
	}
	return res, nil
}

// fetchOne reads one source into the engine and returns its status line.
func fetchOne(ctx context.Context, eng *diff.Engine, i int, o *Opened, c *contract.Contract, opts Options) diff.SourceStatus {
	p, sink := opts.Progress, opts.Record
	st := diff.SourceStatus{Name: o.Name, Type: o.Type, Authoritative: c.Resolve.Authority == o.Name}
	count := new(padded.Count)
	if est, ok := o.Source.(sources.Estimator); ok {
		eng.Reserve(i, est.EstimateRecords()*11/10)
	}
	fetch := o.Source.Fetch
	rr, located := o.Source.(sources.Rereader)
	if located = located && rr.Rereadable(); located {
		fetch = rr.FetchLocated
	}
	if st, ok := o.Source.(sources.Streamer); ok {
		fetch = func(ctx context.Context, emit func(contract.Record) error) (sources.Snapshot, error) {
			return st.Stream(ctx, located, emit)
		}
	}
	snap, err := fetch(ctx, func(rec contract.Record) error {
		if sink != nil {
			sink.Record(i, rec)
		}
		eng.Add(i, rec)
		count.N++
		if n := count.N; n%4096 == 0 {
			// Every 4,096 records: the context is a chain of values
			// whose Err is a walk up it.
			if p != nil {
				p.Add(o.Name, 4096)
			}
			return ctx.Err()
		}
		return nil
	})
	n := count.N
	if p != nil {
		p.Add(o.Name, n%4096)
		p.Done(o.Name, err)
	}
	st.Records = n
	st.Version = snap.Version
	if err != nil {
		failed(eng, i, o, &st, err)
	} else {
		// Sorted here, this source's index is ready while others are
		// still being read.
		eng.Seal(i)
	}
	return st
}

// failed marks a source that could not be read, in its status line and
// in the engine.
func failed(eng *diff.Engine, i int, o *Opened, st *diff.SourceStatus, err error) {
	if errors.Is(err, context.Canceled) {
		err = errors.New("interrupted")
	}
	msg := Scrub(err.Error(), o.Secrets)
	st.Error = &msg
	eng.Fail(i)
}

// FailedNames lists the failed sources, sorted.
func (r *Result) FailedNames() []string {
	out := make([]string, 0, len(r.Failed))
	for n := range r.Failed {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
