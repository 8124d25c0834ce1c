package cmd

import (
	"context"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/report"
)

// HistoryOptions are the inputs of `drift history`.
type HistoryOptions struct {
	IO     *IO
	Config string
	State  string
	Scans  int // how many recent scans to list
	// Resolved is how many recent resolutions to list.
	Resolved int
	Format   string
}

func historyCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "history",
		Usage: "list past apply, rollback and repair runs, then recent scans and resolved drifts, newest first",
		Flags: []cli.Flag{configFlag(), stateFlag(),
			&cli.IntFlag{Name: "scans", Value: 10, Usage: "show the last `N` scans (0: none)"},
			&cli.IntFlag{Name: "resolved", Value: 10, Usage: "show the last `N` drifts resolved (0: none)"},
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json (drift.history/v1)"}},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			return runHistory(c.Context, HistoryOptions{IO: sio, Config: c.String("config"), State: c.String("state"),
				Scans: c.Int("scans"), Resolved: c.Int("resolved"), Format: c.String("format")})
		},
	}
}

func runHistory(ctx context.Context, opts HistoryOptions) error {
	hw, err := report.NewHistoryWriter(opts.Format, report.Options{Width: tableWidth(opts.IO)})
	if err != nil {
		return &UsageError{Err: err}
	}
	cfg, err := loadConfig(opts.IO, opts.Config)
	if err != nil {
		return err
	}
	store, err := openState(ctx, opts.IO, opts.State, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	h := report.History{ShowScans: opts.Scans > 0, ShowResolutions: opts.Resolved > 0}
	if h.Runs, err = store.Runs(ctx, 0); err != nil {
		return &SourceError{Err: err}
	}
	if h.ShowScans {
		if h.Scans, err = store.Scans(ctx, opts.Scans); err != nil {
			return &SourceError{Err: err}
		}
	}
	if h.ShowResolutions {
		if h.Resolutions, err = store.Resolutions(ctx, opts.Resolved); err != nil {
			return &SourceError{Err: err}
		}
	}
	return hw.WriteHistory(opts.IO.Out, h)
}
