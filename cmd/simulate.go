package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/simulate"
	"github.com/drift-sh/drift/state"
)

// SimulateOptions are the inputs of `drift simulate`.
type SimulateOptions struct {
	IO     *IO
	Config string
	// Contract is the candidate: a contract file or a whole config. Empty
	// (with Faults) simulates the config's own contract.
	Contract string
	Scan     string // a recorded scan's id; "" for the newest
	Format   string
	State    string
	Faults   bool
}

func simulateCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "simulate",
		Usage: "plan a recorded scan with a candidate contract and show what would change (reads no source, writes nothing)",
		Flags: []cli.Flag{
			configFlag(),
			&cli.StringFlag{Name: "contract", Usage: "the candidate: a contract file or a drift config `FILE`", TakesFile: true},
			&cli.StringFlag{Name: "scan", Usage: "the recorded scan `ID` to replay (default: the newest; drift history marks them)"},
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table, json (drift.simulation/v1) or markdown"},
			&cli.BoolFlag{Name: "faults", Usage: "also replay with each source unreadable and each source's clock off by resolve.clock.skew and 10× it"},
			stateFlag(),
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			return runSimulate(c.Context, SimulateOptions{IO: sio, Config: c.String("config"), Contract: c.String("contract"),
				Scan: c.String("scan"), Format: c.String("format"), State: c.String("state"), Faults: c.Bool("faults")})
		},
	}
}

func runSimulate(ctx context.Context, opts SimulateOptions) error {
	sio := opts.IO
	w, err := simulate.NewWriter(opts.Format)
	if err != nil {
		return &UsageError{Err: err}
	}
	if opts.Contract == "" && !opts.Faults {
		return usagef("--contract: name the candidate contract (a contract file or a drift config) to simulate")
	}
	cfg, err := loadConfig(sio, opts.Config)
	if err != nil {
		return err
	}
	cand := cfg.Contract
	if opts.Contract != "" {
		if cand, err = contract.LoadContract(opts.Contract, sio.Getenv); err != nil {
			return &UsageError{Err: err}
		}
	}
	in, err := loadRecording(ctx, opts, cfg)
	if err != nil {
		return err
	}
	in.Current, in.Candidate, in.Faults = cfg.Contract, cand, opts.Faults
	res, err := simulate.Run(in)
	if err != nil {
		return &UsageError{Err: err}
	}
	if err := w.Write(sio.Out, res); err != nil {
		return err
	}
	if res.Changes() {
		return &DriftError{Msg: "the candidate contract changes the plan"}
	}
	return nil
}

// loadRecording reads the recorded scan from the state store. A store that
// does not exist yet is not created: simulate writes nothing.
func loadRecording(ctx context.Context, opts SimulateOptions, cfg *contract.Config) (simulate.Input, error) {
	how := fmt.Sprintf("record one with: drift scan -c %s --record", opts.Config)
	where := stateWhere(opts.State, cfg.Dir)
	if !strings.Contains(where, "://") {
		if _, err := os.Stat(where); err != nil {
			return simulate.Input{}, usagef("no state store at %s, so no recorded scan; %s", where, how)
		}
	}
	st, err := openState(ctx, opts.IO, opts.State, cfg)
	if err != nil {
		return simulate.Input{}, err
	}
	defer st.Close()
	rec, records, err := simulate.Load(ctx, st, cfg.Contract.Name, opts.Scan)
	switch {
	case errors.Is(err, state.ErrNotFound):
		return simulate.Input{}, usagef("%v; %s", err, how)
	case err != nil:
		return simulate.Input{}, &SourceError{Err: err}
	}
	return simulate.Input{Recording: rec, Records: records}, nil
}
