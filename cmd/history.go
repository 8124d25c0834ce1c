package cmd

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/state"
)

// HistoryOptions are the inputs of `drift history`.
type HistoryOptions struct {
	IO     *IO
	Config string
	State  string
}

func historyCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "history",
		Usage: "list past apply, rollback and repair runs, newest first",
		Flags: []cli.Flag{configFlag, stateFlag},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("history takes no arguments, got %q", c.Args().First())
			}
			return runHistory(c.Context, HistoryOptions{IO: sio, Config: c.String("config"), State: c.String("state")})
		},
	}
}

func runHistory(ctx context.Context, opts HistoryOptions) error {
	cfg, err := loadConfig(opts.IO, opts.Config)
	if err != nil {
		return err
	}
	store, err := openState(ctx, opts.IO, opts.State, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	runs, err := store.Runs(ctx, 0)
	if err != nil {
		return &SourceError{Err: err}
	}
	writeHistory(opts.IO.Out, runs)
	return nil
}

func writeHistory(w io.Writer, runs []state.Run) {
	if len(runs) == 0 {
		fmt.Fprintln(w, "no runs yet; apply a plan with drift apply")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tSTARTED\tKIND\tSTATUS\tPLAN\tAPPLIED\tALREADY\tCONFLICT\tFAILED\tBY")
	for _, r := range runs {
		plan := r.PlanID
		if r.Kind == state.KindRollback {
			plan = "rollback of " + r.RollbackOf
		}
		if len(plan) > 19 && r.Kind != state.KindRollback {
			plan = plan[:19] + "…"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s@%s\n", r.ID, r.StartedAt.UTC().Format(time.RFC3339),
			r.Kind, r.Status, plan, r.Counts.Applied, r.Counts.AlreadyApplied, r.Counts.Conflict, r.Counts.Failed, r.User, r.Host)
	}
	tw.Flush()
}
