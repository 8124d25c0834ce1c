package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"go.opentelemetry.io/otel/codes"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/tracing"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// Outcomes a job records as its output.
const (
	OutcomeConverged = "converged" // the sources agreed when the job ran: nothing written
	OutcomeWritten   = "written"   // the worker's run wrote the key
	OutcomeManual    = "manual"    // a person must decide: the job is cancelled, never retried
	OutcomeDiscarded = "discarded" // a person discarded the job with drift queue discard
)

// Output is what a finished job records (River keeps it with the job).
type Output struct {
	Outcome string `json:"outcome"`
	RunID   string `json:"run_id,omitempty"`
	Applied int    `json:"applied,omitempty"`
	// Reason says why a job went to manual.
	Reason string `json:"reason,omitempty"`
	// Contract is the contract version the job was resolved under, when it
	// differs from the one it was made under.
	Contract string `json:"resolved_under,omitempty"`
}

// Handler works reconciliation jobs. It locks the job's key, re-reads it
// from every source, plans it with repair.Build under the contract it was
// given (the current one, whatever the job was made under) and writes the
// plan through a repair.Session: one run of kind worker per worker
// process, opened with the first job (or by Queue.Work at start) and
// closed when Queue.Work returns.
type Handler struct {
	river.WorkerDefaults[Args]
	Contract *contract.Contract
	Sources  []*scan.Opened
	// Expr, Rules and Transitions are the planner's, as drift plan sets them.
	Expr        repair.ExprFunc
	Rules       diff.Checker
	Transitions repair.TransitionChecker
	Journal     repair.Journal
	ConfigPath  string
	Now         func() time.Time
	// RunID returns the id of the process's run.
	RunID func() string
	Log   *slog.Logger
	// Metrics, when set, count each job's attempt and latency.
	Metrics *Metrics
	// KeyTTL is how long a job's key lock outlives a killed worker on
	// another host (default DefaultJobTimeout + RescueMargin).
	KeyTTL time.Duration
	// Trace, when set, is the run's repair.ExecOptions.Trace: for tests
	// that stop a worker at an exact point of an op.
	Trace func(repair.Op, repair.Stage)

	mu   sync.Mutex
	sess *repair.Session
}

// Work handles one job. A returned error makes River retry it (see
// RetryPolicy); river.JobCancel ends it for a person; river.JobSnooze puts
// it back without counting an attempt. Metrics, when set, count it.
//
// Each job is a trace of its own, rooted in a "queue.job" span (the job's
// id, attempt and outcome; never its key), with plan and apply inside.
func (h *Handler) Work(ctx context.Context, job *river.Job[Args]) error {
	ctx, span := tracing.Tracer().Start(ctx, "queue.job")
	defer span.End()
	outcome, err := h.work(ctx, job)
	h.Metrics.done(job.JobRow, outcome, err)
	if span.IsRecording() {
		span.SetAttributes(tracing.JobID.Int64(job.ID), tracing.JobAttempt.Int(job.Attempt), tracing.JobOutcome.String(outcome))
		if err != nil && outcome == "" {
			span.SetStatus(codes.Error, "the job will be retried")
		}
	}
	return err
}

// work handles one job and says how it ended: written, converged or
// manual, or "" with the error that makes River retry or snooze it.
func (h *Handler) work(ctx context.Context, job *river.Job[Args]) (string, error) {
	a := job.Args
	if a.Contract.Name != h.Contract.Name {
		return h.manual(ctx, job, fmt.Sprintf("the job is for contract %q; this worker's config has contract %q", a.Contract.Name, h.Contract.Name))
	}
	key, err := keyValues(h.Contract, a.Key)
	if err != nil {
		return h.manual(ctx, job, err.Error())
	}
	s, unlock, err := h.lockKey(ctx, a.Key)
	if err != nil {
		return "", err
	}
	defer unlock()
	rd, err := h.reread(ctx, a, key)
	if err != nil {
		return "", err
	}
	plan, err := repair.BuildFilteredContext(ctx, h.input(rd), nil, diff.Filter{})
	if err != nil {
		return "", fmt.Errorf("planning key %s: %w", keyText(a.Key), err)
	}
	out := Output{}
	if a.Contract.Digest != h.Contract.Digest {
		out.Contract = fmt.Sprintf("v%d (%s); made under v%d (%s)", h.Contract.Version, h.Contract.Digest, a.Contract.Version, a.Contract.Digest)
	}
	if len(plan.Ops) > 0 {
		if err := h.apply(ctx, s, plan, &out); err != nil {
			return "", err
		}
	}
	if len(plan.Manual) > 0 {
		return h.manual(ctx, job, manualReason(plan.Manual))
	}
	if out.Outcome == "" {
		out.Outcome = OutcomeConverged
	}
	h.log(job, out.Outcome, "run_id", out.RunID)
	if err := river.RecordOutput(ctx, out); err != nil {
		return "", err
	}
	return out.Outcome, nil
}

// input is the planner's input over the re-read records.
func (h *Handler) input(rd *reread) repair.Input {
	in := repair.Input{Contract: h.Contract, Records: rd.engine, Now: h.Now, Expr: h.Expr,
		Rules: h.Rules, Transitions: h.Transitions, ConfigPath: h.ConfigPath}
	for i, o := range h.Sources {
		_, writable := o.Writer()
		in.Sources = append(in.Sources, repair.Source{Name: o.Name, Writable: writable, Version: rd.versions[i]})
	}
	return in
}

// apply writes the plan in the process's run. A conflict or a failed op
// is an error, so the job is retried with backoff.
func (h *Handler) apply(ctx context.Context, s *repair.Session, plan *repair.Plan, out *Output) error {
	res, err := s.Apply(ctx, plan)
	runID := s.RunID()
	switch {
	case errors.Is(err, state.ErrLeaseHeld):
		return snooze()
	case err != nil:
		return err
	case res.Counts.Conflict > 0:
		return fmt.Errorf("run %s: %d conflict(s): a target changed since it was re-read", runID, res.Counts.Conflict)
	case res.Counts.Failed > 0:
		return fmt.Errorf("run %s: %d op(s) failed: %s", runID, res.Counts.Failed, firstError(res))
	case res.Status != state.StatusDone:
		return fmt.Errorf("run %s: the job's ops were %s", runID, res.Status)
	}
	out.Outcome, out.RunID, out.Applied = OutcomeWritten, runID, res.Counts.Applied
	return nil
}

// manual cancels the job for a person, with the reason kept as its error
// and its output, so that `drift queue list` shows it.
func (h *Handler) manual(ctx context.Context, job *river.Job[Args], reason string) (string, error) {
	h.log(job, OutcomeManual, "reason", reason)
	if err := river.RecordOutput(ctx, Output{Outcome: OutcomeManual, Reason: reason}); err != nil {
		return "", err
	}
	return OutcomeManual, river.JobCancel(errors.New("manual: " + reason))
}

func (h *Handler) log(job *river.Job[Args], outcome string, kv ...any) {
	if h.Log != nil {
		h.Log.Info("job done", append([]any{"job", job.ID, "key", keyText(job.Args.Key), "attempt", job.Attempt, "outcome", outcome}, kv...)...)
	}
}

// warn logs a failure of the worker's own upkeep (not of a job).
func (h *Handler) warn(msg string, err error) {
	if h.Log != nil {
		h.Log.Warn(msg, "err", err)
	}
}

func (h *Handler) runID() string {
	if h.RunID != nil {
		return h.RunID()
	}
	return time.Now().UTC().Format("20060102T150405Z") + fmt.Sprintf("-%06x", rand.IntN(1<<24))
}

func manualReason(ms []repair.Manual) string {
	parts := make([]string, 0, len(ms))
	for _, m := range ms {
		if m.Field != "" {
			parts = append(parts, m.Field+": "+m.Why)
		} else {
			parts = append(parts, m.Why)
		}
	}
	return strings.Join(parts, "; ")
}

func firstError(res *repair.RunResult) string {
	for _, op := range res.Ops {
		if op.Error != "" {
			return op.Error
		}
	}
	return ""
}

var _ river.Worker[Args] = (*Handler)(nil)
