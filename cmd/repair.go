package cmd

import (
	"context"
	"fmt"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/termstart"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
	"github.com/drift-sh/drift/state/history"
	"github.com/drift-sh/drift/tui"
)

// RepairOptions are the inputs of `drift repair`.
type RepairOptions struct {
	IO     *IO
	Config string
	State  string
	// Filter narrows the session (--key, --source, --field).
	Filter filterArgs
}

func repairCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "repair",
		Usage: "interactive session: review each drift side by side, decide, review the writes, apply",
		Flags: append([]cli.Flag{configFlag(), stateFlag()}, filterFlags()...),
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			return runRepair(c.Context, RepairOptions{IO: sio, Config: c.String("config"), State: c.String("state"),
				Filter: filterFromFlags(c)})
		},
	}
}

func runRepair(ctx context.Context, opts RepairOptions) error {
	sio := opts.IO
	if !sio.InTTY || !sio.OutTTY {
		return usagef("drift repair is interactive and needs a terminal on stdin and stdout; " +
			"elsewhere use drift plan -o plan.json, then drift apply plan.json --yes")
	}
	cfg, srcs, err := openSources(sio, opts.Config)
	if err != nil {
		return err
	}
	defer scan.CloseAll(srcs)
	filter, err := opts.Filter.filter(cfg)
	if err != nil {
		return err
	}
	store, err := openState(ctx, sio, opts.State, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	// The only terminal query drift makes: the background colour, now,
	// before the session takes the terminal over.
	termstart.Prepare(sio.Out, sio.Color())
	r, err := compileRules(cfg.Contract)
	if err != nil {
		return err
	}
	topts := repairSessionOptions(sio, srcs, store, cfg)
	topts.Expr, topts.Filter = r.Resolve, filter
	// Transitions compare with the last saved scan's snapshots, as drift
	// scan does; the session itself saves no scan.
	if ch := history.Checker(ctx, store, cfg.Contract, r, srcs); ch != nil {
		topts.Checker = ch
	}
	if len(cfg.Contract.Invariants) > 0 {
		topts.Rules = r
	}
	if len(cfg.Contract.Transitions) > 0 {
		topts.Transitions = r
	}
	m := tui.New(topts)
	final, err := tea.NewProgram(m, tea.WithAltScreen(), tea.WithInput(sio.In), tea.WithOutput(sio.Out)).Run()
	if err != nil {
		return &SourceError{Err: fmt.Errorf("repair session: %w", err)}
	}
	fm, ok := final.(tui.Model)
	if !ok {
		return &SourceError{Err: fmt.Errorf("repair session ended in an unknown state")}
	}
	return finishRepair(sio, fm)
}

func repairSessionOptions(sio *IO, srcs []*scan.Opened, store state.Store, cfg *contract.Config) tui.Options {
	abs, err := filepath.Abs(cfg.File)
	if err != nil {
		abs = cfg.File
	}
	return tui.Options{
		Config: cfg, Sources: srcs, Store: store, ConfigPath: abs,
		PlanDir: filepath.Join(cfg.Dir, ".drift"), Now: sio.Now,
		NewRunID: func() string { return newRunID(sio.Now()) },
	}
}

// finishRepair prints what the session applied, once the screen is
// restored, and maps it to an exit code as apply does.
func finishRepair(sio *IO, fm tui.Model) error {
	if err := fm.Err(); err != nil {
		return &SourceError{Err: err}
	}
	res := fm.Run()
	if res == nil {
		fmt.Fprintln(sio.Err, "repair session ended; nothing was applied")
		return nil
	}
	if fm.PlanFile() != "" {
		fmt.Fprintf(sio.Err, "session plan saved to %s\n", fm.PlanFile())
	}
	if res.Kind == state.KindRollback {
		writeRunText(sio.Out, res)
		return runExit(res, "drift rollback "+res.RollbackOf)
	}
	writeRunText(sio.Out, res)
	return runExit(res, "drift apply "+fm.PlanFile())
}

// runExit maps a run to its exit: interrupted or failed ops exit 3 with
// the command that resumes, conflicts exit 1.
func runExit(res *repair.RunResult, resume string) error {
	switch {
	case res.Status == state.StatusInterrupted:
		return &SourceError{Err: fmt.Errorf("run %s interrupted after %d ops; resume with: %s", res.RunID, len(res.Ops), resume)}
	case res.Counts.Failed > 0:
		return &SourceError{Err: fmt.Errorf("run %s: %d ops failed; fix the cause and resume with: %s", res.RunID, res.Counts.Failed, resume)}
	case res.Counts.Conflict > 0:
		return &DriftError{Msg: fmt.Sprintf("%d ops skipped: their target changed since the scan", res.Counts.Conflict)}
	}
	return nil
}
