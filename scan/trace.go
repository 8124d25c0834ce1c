package scan

import (
	"context"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/tracing"
)

// Run fetches every source concurrently into a diff engine and builds the
// report. A source that fails is named in the report; the scan goes on.
// Only a cancelled context stops it with an error.
//
// The scan is a "scan" span of ctx's trace (a new trace when ctx has
// none), with a "fetch" span per source and a "diff" span for the
// engine's result, or a "checksum" span when the databases compare ranges.
func Run(ctx context.Context, cfg *contract.Config, srcs []*Opened, opts Options) (*Result, error) {
	ctx, span := tracing.Tracer().Start(ctx, "scan", trace.WithAttributes(
		tracing.RunID.String(opts.RunID), tracing.Sources.Int(len(srcs))))
	defer span.End()
	res, err := run(ctx, cfg, srcs, opts)
	switch {
	case err != nil:
		span.SetStatus(codes.Error, "scan interrupted")
	case span.IsRecording():
		span.SetAttributes(tracing.Keys.Int(res.Report.Summary.Keys), tracing.Drifts.Int(len(res.Report.Drifts)))
		if res.Incomplete() {
			span.SetAttributes(tracing.FailedSource.StringSlice(res.FailedNames()))
			span.SetStatus(codes.Error, "a source could not be read")
		}
	}
	return res, err
}

// fetchTraced is fetchOne inside a "fetch" span naming the source; a
// source that fails sets the span's error to its scrubbed message.
func fetchTraced(ctx context.Context, eng *diff.Engine, i int, o *Opened, c *contract.Contract, opts Options) diff.SourceStatus {
	ctx, span := tracing.Tracer().Start(ctx, "fetch", trace.WithAttributes(
		tracing.Source.String(o.Name), tracing.SourceType.String(o.Type)))
	defer span.End()
	st := fetchOne(ctx, eng, i, o, c, opts)
	span.SetAttributes(tracing.Records.Int(st.Records))
	if st.Error != nil {
		span.SetStatus(codes.Error, *st.Error)
	}
	return st
}
