package cmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

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
}

func rollbackCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:      "rollback",
		Usage:     "undo an applied run from its before-images, as a new run",
		ArgsUsage: "RUN_ID",
		Flags: []cli.Flag{
			configFlag, yesFlag, runFormatFlag, stateFlag,
		},
		Action: func(c *cli.Context) error {
			runID, err := oneArg(c, "the run id (see drift history)")
			if err != nil {
				return err
			}
			return runRollback(c.Context, RollbackOptions{
				IO: sio, RunID: runID, Config: c.String("config"),
				State: c.String("state"), Format: c.String("format"), Yes: c.Bool("yes"),
			})
		},
	}
}

func runRollback(ctx context.Context, opts RollbackOptions) error {
	sio := opts.IO
	if opts.Format != "text" && opts.Format != "json" {
		return usagef("--format %q: use text or json", opts.Format)
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
	question := fmt.Sprintf("roll back the %d applied ops of run %s?", run.Counts.Applied, run.ID)
	if err := confirm(sio, opts.Yes, question); err != nil {
		return err
	}
	eo, stop := withProgress(sio, execOptions(sio, cfg), sourceNames(srcs), run.Counts.Applied)
	res, err := repair.Rollback(ctx, opts.RunID, cfg.Contract, writers(srcs), store, eo)
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
	return finishRun(sio, opts.Format, res)
}
