package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/drift-sh/drift/internal/atomicfile"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// Messages from the session's commands.
type (
	// scanProgressMsg says how many more records a source has read.
	scanProgressMsg struct {
		source string
		n      int
		done   bool
		err    error
	}
	// scanDoneMsg carries a finished scan, planned.
	scanDoneMsg struct{ sess *session }
	// scanFailedMsg ends the session: the scan or the planner failed.
	scanFailedMsg struct{ err error }
	// decisionsSavedMsg says the decisions are in the journal.
	decisionsSavedMsg struct {
		n   int
		err error
	}
	// applyProgressMsg says how many ops have finished.
	applyProgressMsg struct {
		done int
		op   repair.Op
	}
	// runDoneMsg carries a finished apply or rollback.
	runDoneMsg struct {
		res      *repair.RunResult
		rollback bool
		planFile string
		err      error
	}
)

// waitFor delivers the next message of a channel; nil once it is closed.
func waitFor(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// send delivers a progress message unless the channel is full: progress
// is only for display, and the final message carries the whole result.
func send(ch chan<- tea.Msg, msg tea.Msg) {
	select {
	case ch <- msg:
	default:
	}
}

// chanProgress passes scan progress to the session.
type chanProgress struct{ ch chan<- tea.Msg }

func (p chanProgress) Add(source string, n int) { send(p.ch, scanProgressMsg{source: source, n: n}) }
func (p chanProgress) Done(source string, err error) {
	send(p.ch, scanProgressMsg{source: source, done: true, err: err})
}

// scanCmd scans every source, builds the plan with the same planner as
// `drift plan`, and looks up since when each drift has been seen.
func scanCmd(ctx context.Context, o Options, ch chan<- tea.Msg) tea.Cmd {
	return func() tea.Msg {
		defer close(ch)
		res, err := scan.Run(ctx, o.Config, o.Sources, scan.Options{
			RunID: o.NewRunID(), Now: o.Now, Checker: o.Checker, Progress: chanProgress{ch},
		})
		if err != nil {
			return scanFailedMsg{fmt.Errorf("scan interrupted: %w", err)}
		}
		in := repair.InputFromScan(o.Config, o.Sources, res, o.Now)
		in.Expr, in.Rules, in.Transitions = o.Expr, o.Rules, o.Transitions
		if o.ConfigPath != "" {
			in.ConfigPath = o.ConfigPath
		}
		plan, err := repair.Build(in)
		if err != nil {
			return scanFailedMsg{fmt.Errorf("planning the repair: %w", err)}
		}
		res.Report = res.Report.Filtered(o.Filter)
		ids := make([]string, len(res.Report.Drifts))
		for i, d := range res.Report.Drifts {
			ids[i] = d.ID
		}
		seen, err := o.Store.FirstSeen(ctx, o.Config.Contract.Name, ids)
		if err != nil {
			seen = nil // the age column stays empty; the session still works
		}
		sess := newSession(o.Config, in, res, plan, seen)
		sess.amender.Narrow(o.Filter)
		return scanDoneMsg{sess}
	}
}

// recordCmd writes decisions to the state store's journal.
func recordCmd(store state.Store, ds []state.Decision) tea.Cmd {
	return func() tea.Msg {
		for _, d := range ds {
			if err := store.RecordDecision(context.Background(), d); err != nil {
				return decisionsSavedMsg{err: fmt.Errorf("journaling the decision on drift %s: %w", d.DriftID, err)}
			}
		}
		return decisionsSavedMsg{n: len(ds)}
	}
}

// applyCmd saves the session's plan beside the state and applies it with
// repair.Apply, the entry point of `drift apply`: the same checks first.
func applyCmd(ctx context.Context, o Options, plan *repair.Plan, runID string, ch chan<- tea.Msg) tea.Cmd {
	return func() tea.Msg {
		defer close(ch)
		dir := o.PlanDir
		if dir == "" {
			dir = filepath.Join(o.Config.Dir, ".drift")
		}
		file, err := savePlan(dir, runID, plan)
		if err != nil {
			return runDoneMsg{err: err}
		}
		done := 0
		eo := repair.ExecOptions{RunID: runID, ConfigPath: o.ConfigPath, Now: o.Now, Kind: state.KindRepair,
			Trace: func(op repair.Op, st repair.Stage) {
				if st == repair.StageFinished {
					done++
					send(ch, applyProgressMsg{done: done, op: op})
				}
			}}
		res, err := repair.Apply(ctx, plan, o.Config.Contract, repair.Targets(o.Sources), o.Store, eo)
		return runDoneMsg{res: res, planFile: file, err: err}
	}
}

// rollbackCmd undoes a run with repair.Rollback, as `drift rollback` does.
func rollbackCmd(o Options, runID, newRunID string) tea.Cmd {
	return func() tea.Msg {
		eo := repair.ExecOptions{RunID: newRunID, ConfigPath: o.ConfigPath, Now: o.Now}
		res, err := repair.Rollback(context.Background(), runID, o.Config.Contract, repair.Targets(o.Sources), o.Store, eo)
		return runDoneMsg{res: res, rollback: true, err: err}
	}
}

// savePlan writes the plan to dir/repair-RUNID.json, atomically.
func savePlan(dir, runID string, plan *repair.Plan) (string, error) {
	data, err := plan.Marshal()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("saving the session plan: %w; check that %s is writable", err, dir)
	}
	path := filepath.Join(dir, "repair-"+runID+".json")
	if err := atomicfile.WriteBytes(path, data); err != nil {
		return "", fmt.Errorf("saving the session plan: %w; check that %s is writable", err, dir)
	}
	return path, nil
}

// now is the session's clock.
func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}
