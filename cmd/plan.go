package cmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/atomicfile"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/report"
	"github.com/drift-sh/drift/rules"
	"github.com/drift-sh/drift/scan"
)

// PlanOptions are the inputs of `drift plan`.
type PlanOptions struct {
	IO     *IO
	Config string
	Output string
	Format string
	// DetailedExitCode is --detailed-exitcode: exit 1 when the plan has
	// ops or manual items.
	DetailedExitCode bool
	// Filter narrows the plan (--key, --source, --field).
	Filter filterArgs
}

func planCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "plan",
		Usage: "scan, then propose the writes that would repair the drift (read-only)",
		Flags: append([]cli.Flag{
			configFlag(),
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the plan as JSON to `FILE` (atomically), for drift apply"},
			&cli.StringFlag{Name: "format", Value: "table", Usage: "what to print: table or json"},
			&cli.BoolFlag{Name: "detailed-exitcode", Usage: "exit 1 when the plan has ops or manual items, 0 when it has none (2 and 3 as usual)"},
			quietFlag(),
		}, filterFlags()...),
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			return runPlan(c.Context, PlanOptions{IO: quieted(sio, c.Bool("quiet")), Config: c.String("config"),
				Output: c.String("output"), Format: c.String("format"), DetailedExitCode: c.Bool("detailed-exitcode"),
				Filter: filterFromFlags(c)})
		},
	}
}

func runPlan(ctx context.Context, opts PlanOptions) error {
	sio := opts.IO
	shown := 0
	if opts.Output != "" {
		shown = planTableCap
	}
	pw, err := report.NewPlanWriter(opts.Format, report.Options{Width: tableWidth(sio)}, shown)
	if err != nil {
		return &UsageError{Err: err}
	}
	if err := checkOutput(opts.Output); err != nil {
		return err
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
	r, err := compileRules(cfg.Contract)
	if err != nil {
		return err
	}
	growHeapForSources(srcs)
	res, err := scan.Run(ctx, cfg, srcs, scan.Options{RunID: newRunID(sio.Now()), Now: sio.Now})
	if err != nil {
		return &SourceError{Err: fmt.Errorf("plan interrupted: %w", err)}
	}
	plan, err := repair.BuildFilteredContext(ctx, planInput(sio, cfg, srcs, res, r), res.Report.Drifts, filter)
	if err != nil {
		return err
	}
	if err := writePlan(sio, opts, pw, plan); err != nil {
		return err
	}
	if res.Incomplete() {
		var parts []string
		for _, n := range res.FailedNames() {
			parts = append(parts, fmt.Sprintf("source %q could not be read: %s", n, res.Failed[n]))
		}
		return &SourceError{Err: fmt.Errorf("incomplete plan: %s; it makes no changes to the sources it could not read", strings.Join(parts, "; "))}
	}
	return planExit(plan, opts.DetailedExitCode)
}

// writePlan writes the JSON plan to -o, and the chosen format to stdout:
// the table always, the JSON only when it went to no file.
func writePlan(sio *IO, opts PlanOptions, pw report.PlanWriter, plan *repair.Plan) error {
	if opts.Output != "" {
		data, err := plan.Marshal()
		if err != nil {
			return err
		}
		if err := atomicfile.WriteBytes(opts.Output, data); err != nil {
			return &SourceError{Err: fmt.Errorf("writing the plan to %s: %w", opts.Output, err)}
		}
		if opts.Format == "json" {
			return nil
		}
	}
	if err := pw.WritePlan(sio.Out, plan); err != nil {
		return err
	}
	if opts.Output != "" {
		fmt.Fprintf(sio.Out, "\nplan written to %s; apply it with: drift apply %s\n", opts.Output, opts.Output)
	}
	return nil
}

// planTableCap is how many ops `drift plan -o FILE` shows; the file has all.
const planTableCap = 200

// planInput is the planner's input for a scan, with the contract's CEL
// rules: what drift plan plans from, and drift watch --repair auto too.
func planInput(sio *IO, cfg *contract.Config, srcs []*scan.Opened, res *scan.Result, r *rules.Rules) repair.Input {
	in := repair.InputFromScan(cfg, srcs, res, sio.Now)
	in.Expr = r.Resolve
	if len(cfg.Contract.Invariants) > 0 {
		in.Rules = r
	}
	if len(cfg.Contract.Transitions) > 0 {
		in.Transitions = r
	}
	return in
}
