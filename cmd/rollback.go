package cmd

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// RollbackOptions are the inputs of `drift rollback`.
type RollbackOptions struct {
	IO     *IO
	RunID  string
	Config string
	State  string
	Format string
	Yes    bool
	// Parallel is how many ops of a database or API source are in flight
	// at once.
	Parallel int
}

func rollbackCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:      "rollback",
		Usage:     "undo an applied run from its before-images, as a new run",
		ArgsUsage: "RUN_ID",
		Flags: []cli.Flag{
			configFlag(), yesFlag(), runFormatFlag(), stateFlag(), parallelFlag(),
		},
		Action: func(c *cli.Context) error {
			runID, err := oneArg(c, "the run id (see drift history)")
			if err != nil {
				return err
			}
			return runRollback(c.Context, RollbackOptions{
				IO: sio, RunID: runID, Config: c.String("config"),
				State: c.String("state"), Format: c.String("format"), Yes: c.Bool("yes"),
				Parallel: c.Int("parallel"),
			})
		},
	}
}

func runRollback(ctx context.Context, opts RollbackOptions) error {
	sio := opts.IO
	if opts.Format != "text" && opts.Format != "json" {
		return usagef("--format %q: use text or json", opts.Format)
	}
	if err := checkParallel(opts.Parallel); err != nil {
		return err
	}
	cfg, srcs, err := openSources(sio, opts.Config)
	if err != nil {
		return err
	}
	defer scan.CloseAll(srcs)
	store, err := openState(ctx, sio, opts.State, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	run, err := store.Run(ctx, opts.RunID)
	if errors.Is(err, state.ErrNotFound) {
		return usagef("run %q is not in the state store; list runs with drift history", opts.RunID)
	}
	if err != nil {
		return &SourceError{Err: err}
	}
	if err := canRollBack(ctx, store, run, cfg, srcs); err != nil {
		return err
	}
	question := fmt.Sprintf("roll back the %d applied ops of run %s?", run.Counts.Applied, run.ID)
	if err := confirm(sio, opts.Yes, question); err != nil {
		return err
	}
	growHeapForRollback(run.Counts.Applied)
	xo := execOptions(sio, cfg)
	xo.Parallel = opts.Parallel
	eo, stop := withProgress(sio, xo, scan.Names(srcs), run.Counts.Applied)
	res, err := repair.Rollback(ctx, opts.RunID, cfg.Contract, repair.Targets(srcs), store, eo)
	stop()
	switch {
	case errors.Is(err, repair.ErrNothingToRollBack):
		fmt.Fprintf(sio.Err, "run %s: %s\n", opts.RunID, err)
		return nil
	case errors.Is(err, repair.ErrOtherContract):
		return &UsageError{Err: err}
	case err != nil:
		return &SourceError{Err: err}
	}
	return finishRun(ctx, sio, opts.Format, res)
}

// canRollBack refuses, before anything is written, a run whose applied ops
// (or pending ones, whose writes may have landed) wrote to a source this
// config does not have as writable, as apply refuses such a plan: op by
// op, every undo of it would fail (exit 3).
func canRollBack(ctx context.Context, store state.Store, run state.Run, cfg *contract.Config, srcs []*scan.Opened) error {
	entries, err := store.Journal(ctx, run.ID)
	if err != nil {
		return &SourceError{Err: fmt.Errorf("reading the journal of run %s: %w", run.ID, err)}
	}
	targets := repair.Targets(srcs)
	var problems []string
	seen := map[string]bool{}
	for _, e := range entries {
		if (e.Outcome != state.OutcomeApplied && e.Outcome != state.OutcomePending) || targets[e.Source] != nil || seen[e.Source] {
			continue
		}
		seen[e.Source] = true
		if slices.Contains(scan.Names(srcs), e.Source) {
			problems = append(problems, fmt.Sprintf("source %q is not writable (writable: true)", e.Source))
		} else {
			problems = append(problems, fmt.Sprintf("there is no source %q", e.Source))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return usagef("run %s cannot be rolled back under %s: %s; nothing was written; pass the config it was applied under with -c (%s)",
		run.ID, cfg.File, strings.Join(problems, ", "), run.ConfigPath)
}
