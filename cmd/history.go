package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/state"
)

// HistoryOptions are the inputs of `drift history`.
type HistoryOptions struct {
	IO     *IO
	Config string
	State  string
	Scans  int // how many recent scans to list
}

func historyCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "history",
		Usage: "list past apply, rollback and repair runs, then recent scans, newest first",
		Flags: []cli.Flag{configFlag(), stateFlag(),
			&cli.IntFlag{Name: "scans", Value: 10, Usage: "show the last `N` scans (0: none)"}},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			return runHistory(c.Context, HistoryOptions{IO: sio, Config: c.String("config"), State: c.String("state"), Scans: c.Int("scans")})
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
	if opts.Scans <= 0 {
		return nil
	}
	scans, err := store.Scans(ctx, opts.Scans)
	if err != nil {
		return &SourceError{Err: err}
	}
	writeScans(opts.IO.Out, scans)
	return nil
}

// writeScans lists recent scans: what each read and found. Plans are
// files, not stored; runs name the plan they applied.
func writeScans(w io.Writer, scans []state.Scan) {
	fmt.Fprintln(w)
	if len(scans) == 0 {
		fmt.Fprintln(w, "no scans saved yet; drift scan saves one unless --no-state")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCAN	AT	CONTRACT	KEYS	DRIFTED	MISSING	CHANGED	VIOLATIONS	UNREAD")
	for _, sc := range scans {
		var sum diff.Summary
		_ = json.Unmarshal(sc.Summary, &sum)
		unread := "-"
		for _, src := range sc.Sources {
			if src.Error != "" {
				unread = strings.TrimPrefix(unread+","+src.Name, "-,")
			}
		}
		fmt.Fprintf(tw, "%s	%s	%s v%d	%d	%d	%d	%d	%d	%s\n", sc.ID, sc.At.UTC().Format(time.RFC3339),
			sc.Contract.Name, sc.Contract.Version, sum.Keys, sum.DriftedKeys, sum.Missing, sum.Changed, sum.Violations, unread)
	}
	tw.Flush()
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
		status := string(r.Status)
		if r.ResumedBy != "" {
			status += ", resumed by " + r.ResumedBy
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s@%s\n", r.ID, r.StartedAt.UTC().Format(time.RFC3339),
			r.Kind, status, plan, r.Counts.Applied, r.Counts.AlreadyApplied, r.Counts.Conflict, r.Counts.Failed, r.User, r.Host)
	}
	tw.Flush()
}
