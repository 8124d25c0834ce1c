package watch

import (
	"context"
	"log/slog"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// Repairer is --repair auto: after a scan it plans, with the same planner
// as drift plan, the keys whose every drift is persistent, and applies the
// plan through repair.Apply (compare-and-set, journaled, as a run of kind
// watch); with Enqueue set (--repair enqueue) it queues those keys for
// drift worker instead. Converging drift is left to converge; manual items stay manual.
type Repairer struct {
	Contract *contract.Contract
	// Input is the planner's input for a scan, as drift plan builds it.
	Input   func(res *scan.Result) repair.Input
	Targets map[string]sources.Writer
	Journal repair.Journal
	// RunID returns a new run id; ConfigPath is recorded with the run.
	RunID      func() string
	ConfigPath string
	Now        func() time.Time
	Log        *slog.Logger
	Metrics    *Metrics
	// Enqueue, when set, is --repair enqueue: the plan's keys are handed to
	// the reconciliation queue (drift worker) instead of being applied here.
	Enqueue func(ctx context.Context, res *scan.Result, plan *repair.Plan) error
}

// Repair plans and applies the persistent drift of one scan.
func (r *Repairer) Repair(ctx context.Context, res *scan.Result, open []state.Lifecycle) error {
	keys := persistentKeys(res.Report.Drifts, open)
	if len(keys) == 0 {
		return nil
	}
	in := r.Input(res)
	in.Records = onlyKeys{Records: in.Records, keep: keys}
	plan, err := repair.BuildFilteredContext(ctx, in, nil, diff.Filter{})
	if err != nil {
		return err
	}
	if len(plan.Ops) == 0 {
		return nil
	}
	if r.Enqueue != nil {
		return r.Enqueue(ctx, res, plan)
	}
	runID := r.RunID()
	out, err := repair.Apply(ctx, plan, r.Contract, r.Targets, r.Journal, repair.ExecOptions{
		RunID: runID, ConfigPath: r.ConfigPath, Kind: state.KindWatch, Now: r.Now})
	if err != nil {
		return err
	}
	if r.Metrics != nil {
		r.Metrics.Repaired(out)
	}
	c := out.Counts
	r.Log.InfoContext(ctx, "repair run finished", "run_id", runID, "scan", res.Report.RunID, "plan", plan.PlanID,
		"status", out.Status, "applied", c.Applied, "already_applied", c.AlreadyApplied,
		"conflict", c.Conflict, "failed", c.Failed, "manual", len(plan.Manual))
	return nil
}

// persistentKeys returns the engine key strings of the keys whose changed
// and missing drifts are all persistent (at least one).
func persistentKeys(drifts []diff.Drift, open []state.Lifecycle) map[string]bool {
	class := make(map[string]state.Class, len(open))
	for _, l := range open {
		class[l.DriftID] = l.Class
	}
	keys := map[string]bool{}
	for _, d := range drifts {
		if d.Kind == diff.Violation {
			continue
		}
		k := d.Key.EngineString()
		ok, seen := keys[k]
		if seen && !ok {
			continue
		}
		keys[k] = class[d.ID] == state.ClassPersistent
	}
	for k, ok := range keys {
		if !ok {
			delete(keys, k)
		}
	}
	return keys
}

// onlyKeys shows the planner only some keys of a scan's records.
type onlyKeys struct {
	repair.Records
	keep map[string]bool
}

// Keys returns the kept keys, in the records' order.
func (o onlyKeys) Keys() []string {
	var out []string
	for _, k := range o.Records.Keys() {
		if o.keep[k] {
			out = append(out, k)
		}
	}
	return out
}
