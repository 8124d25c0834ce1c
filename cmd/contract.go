package cmd

import (
	"encoding/json"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/contract"
)

// ContractDiffOptions are the inputs of `drift contract diff`.
type ContractDiffOptions struct {
	IO       *IO
	Old, New string // a contract file or a whole config, each
	Format   string
}

func contractCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "contract",
		Usage: "work with contracts",
		Subcommands: []*cli.Command{{
			Name:      "diff",
			Usage:     "list the changes between two contracts; exit 1 when rules changed but version did not increase",
			ArgsUsage: "OLD.yaml NEW.yaml",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "format", Value: "text", Usage: "text or json (drift.contract-diff/v1)"},
			},
			OnUsageError: usageError,
			Action: func(c *cli.Context) error {
				args, err := positional(c)
				if err != nil {
					return err
				}
				if len(args) != 2 {
					return usagef("contract diff takes two arguments, OLD.yaml NEW.yaml (each a contract file or a drift config)")
				}
				return runContractDiff(ContractDiffOptions{IO: sio, Old: args[0], New: args[1], Format: c.String("format")})
			},
		}},
	}
}

// contractDiff is `drift contract diff --format json`: drift.contract-diff/v1.
type contractDiff struct {
	Schema           string            `json:"schema"`
	Old              contractRef       `json:"old"`
	New              contractRef       `json:"new"`
	Changes          []contract.Change `json:"changes"`
	BehaviourChanged bool              `json:"behaviour_changed"`
	VersionBumped    bool              `json:"version_bumped"`
}

type contractRef struct {
	Name    string `json:"name"`
	Version int    `json:"version"`
	Digest  string `json:"digest"`
}

func runContractDiff(opts ContractDiffOptions) error {
	if opts.Format != "text" && opts.Format != "json" {
		return usagef("--format %q: use text or json", opts.Format)
	}
	old, err := contract.LoadContract(opts.Old, opts.IO.Getenv)
	if err != nil {
		return &UsageError{Err: err}
	}
	cur, err := contract.LoadContract(opts.New, opts.IO.Getenv)
	if err != nil {
		return &UsageError{Err: err}
	}
	d := contractDiff{Schema: "drift.contract-diff/v1", Changes: contract.Changes(old, cur),
		Old: contractRef{old.Name, old.Version, old.Digest}, New: contractRef{cur.Name, cur.Version, cur.Digest}}
	if d.Changes == nil {
		d.Changes = []contract.Change{}
	}
	d.BehaviourChanged, d.VersionBumped = contract.BehaviourChanged(d.Changes), cur.Version > old.Version
	if err := writeContractDiff(opts, d); err != nil {
		return err
	}
	if d.BehaviourChanged && !d.VersionBumped {
		fmt.Fprintf(opts.IO.Err, "drift: contract %s: rules changed but version stayed %d; bump contract.version to %d\n",
			cur.Name, cur.Version, old.Version+1)
		return &DriftError{Msg: "rules changed without a version bump"}
	}
	return nil
}

func writeContractDiff(opts ContractDiffOptions, d contractDiff) error {
	if opts.Format == "json" {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	}
	fmt.Fprintf(opts.IO.Out, "contract %s v%d → %s v%d\n", d.Old.Name, d.Old.Version, d.New.Name, d.New.Version)
	if len(d.Changes) == 0 {
		_, err := fmt.Fprintln(opts.IO.Out, "no changes")
		return err
	}
	for _, c := range d.Changes {
		mark := " "
		if c.Behaviour {
			mark = "*"
		}
		fmt.Fprintf(opts.IO.Out, "%s %s\n", mark, c)
	}
	_, err := fmt.Fprintln(opts.IO.Out, "(* changes what a scan reports or a plan writes)")
	return err
}
