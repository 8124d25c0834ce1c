package cmd

import (
	"context"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/report"
	"github.com/drift-sh/drift/state"
)

// ExplainOptions are the inputs of `drift explain`.
type ExplainOptions struct {
	IO     *IO
	Key    string
	Config string
	State  string
	Format string
}

func explainCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "the decision trail of one key: the scans that saw drift on it, the ops and decisions that touched it",
		ArgsUsage: "KEY (field=value,... with every key field, or the key's JSON object)",
		Flags: []cli.Flag{
			configFlag(),
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json (drift.explain/v1)"},
			stateFlag(),
		},
		Action: func(c *cli.Context) error {
			key, err := oneArg(c, "the key: drift explain region=eu,account_id=a-17")
			if err != nil {
				return err
			}
			return runExplain(c.Context, ExplainOptions{
				IO: sio, Key: key, Config: c.String("config"),
				State: c.String("state"), Format: c.String("format"),
			})
		},
	}
}

func runExplain(ctx context.Context, opts ExplainOptions) error {
	sio := opts.IO
	ew, err := report.NewExplainWriter(opts.Format, report.Options{Width: tableWidth(sio)})
	if err != nil {
		return &UsageError{Err: err}
	}
	cfg, err := loadConfig(sio, opts.Config)
	if err != nil {
		return err
	}
	key, err := parseKey(cfg.Contract, opts.Key)
	if err != nil {
		return err
	}
	store, err := openState(ctx, sio, opts.State, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	keyJSON, _ := key.MarshalJSON()
	events, err := state.KeyEvents(ctx, store, string(keyJSON))
	if err != nil {
		return &SourceError{Err: err}
	}
	lifecycles, err := store.LifecyclesForKey(ctx, string(keyJSON))
	if err != nil {
		return &SourceError{Err: err}
	}
	return ew.WriteExplain(sio.Out, report.Explanation{Key: keyJSON, Events: events, Lifecycles: lifecycles})
}
