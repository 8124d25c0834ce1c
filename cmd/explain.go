package cmd

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/urfave/cli/v2"
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
	if opts.Format != "table" && opts.Format != "json" {
		return usagef("--format %q: use table or json", opts.Format)
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
	events, err := keyEvents(ctx, store, string(keyJSON))
	if err != nil {
		return &SourceError{Err: err}
	}
	if opts.Format == "json" {
		b, err := json.MarshalIndent(explanation{Schema: ExplainSchema, Key: keyJSON, Events: events}, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(sio.Out, "%s\n", b)
		return nil
	}
	writeExplain(sio.Out, string(keyJSON), events)
	return nil
}
