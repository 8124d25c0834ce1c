package repair

import (
	"context"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/tracing"
	"github.com/drift-sh/drift/state"
)

// BuildFilteredContext is BuildFiltered (Build when f is zero) inside a
// "plan" span of ctx's trace, which counts the plan's ops and manual items.
func BuildFilteredContext(ctx context.Context, in Input, drifts []diff.Drift, f diff.Filter) (*Plan, error) {
	_, span := tracing.Tracer().Start(ctx, "plan")
	defer span.End()
	plan, err := BuildFiltered(in, drifts, f)
	if err != nil {
		span.SetStatus(codes.Error, "planning failed")
		return nil, err
	}
	span.SetAttributes(tracing.PlanID.String(plan.PlanID), tracing.Ops.Int(len(plan.Ops)), tracing.Manual.Int(len(plan.Manual)))
	return plan, nil
}

// startRun opens the span of one run: "apply", or "rollback".
func startRun(ctx context.Context, run state.Run, ops int) (context.Context, trace.Span) {
	name := "apply"
	if run.Kind == state.KindRollback {
		name = "rollback"
	}
	return tracing.Tracer().Start(ctx, name, trace.WithAttributes(tracing.RunID.String(run.ID),
		tracing.PlanID.String(run.PlanID), tracing.RunKind.String(string(run.Kind)), tracing.Ops.Int(ops)))
}

// endRun closes a run's span with its status.
func endRun(span trace.Span, res *RunResult, err error) {
	switch {
	case err != nil:
		span.SetStatus(codes.Error, "the run could not be journaled")
	case res.Status == state.StatusFailed:
		span.SetStatus(codes.Error, "an op failed")
	}
	span.End()
}

// startOp opens the span of one op. Its key and values stay out of the
// trace: the journal and the log lines, which carry the trace id, hold them.
func startOp(ctx context.Context, op Op) (context.Context, trace.Span) {
	ctx, span := tracing.Tracer().Start(ctx, "apply.op")
	if span.IsRecording() {
		span.SetAttributes(tracing.OpID.String(op.ID), tracing.Source.String(op.Source), tracing.OpAction.String(string(op.Action)))
	}
	return ctx, span
}

// endOp closes an op's span with its outcome; a failed op is an error.
func endOp(span trace.Span, r OpResult, err error) {
	if span.IsRecording() {
		span.SetAttributes(tracing.OpOutcome.String(string(r.Outcome)), tracing.OpResumed.Bool(r.Resumed))
		if err != nil || r.Outcome == state.OutcomeFailed {
			span.SetStatus(codes.Error, "op "+string(state.OutcomeFailed))
		}
	}
	span.End()
}
