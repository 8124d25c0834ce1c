package cmd

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/report"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// ApplyOptions are the inputs of `drift apply`.
type ApplyOptions struct {
	IO       *IO
	PlanFile string
	// Config overrides the config the plan names.
	Config string
	State  string
	Format string
	Yes    bool
	// Parallel is how many ops of a database or API source are in flight
	// at once.
	Parallel int
}

// stateFlag selects the state store. Each command gets a flag of its own:
// urfave/cli keeps DRIFT_STATE's value in the flag it reads it into.
func stateFlag() *cli.StringFlag {
	return &cli.StringFlag{
		Name: "state", EnvVars: []string{"DRIFT_STATE"},
		Usage: "state store: a SQLite file path or a postgres:// `URL` (default .drift/state.db beside the config)",
	}
}

func applyCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:      "apply",
		Usage:     "apply a plan's writes, each a compare-and-set, journaled for resume and rollback",
		ArgsUsage: "PLAN_FILE",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "the config (default: the one the plan was made from)", TakesFile: true},
			yesFlag(), runFormatFlag(), stateFlag(), quietFlag(), parallelFlag(),
		},
		Action: func(c *cli.Context) error {
			file, err := oneArg(c, "the plan file: drift apply plan.json")
			if err != nil {
				return err
			}
			return runApply(c.Context, ApplyOptions{
				IO: quieted(sio, c.Bool("quiet")), PlanFile: file, Config: c.String("config"),
				State: c.String("state"), Format: c.String("format"), Yes: c.Bool("yes"),
				Parallel: c.Int("parallel"),
			})
		},
	}
}

func runApply(ctx context.Context, opts ApplyOptions) error {
	sio := opts.IO
	if opts.Format != "text" && opts.Format != "json" {
		return usagef("--format %q: use text or json", opts.Format)
	}
	if err := checkParallel(opts.Parallel); err != nil {
		return err
	}
	growHeapForPlan(opts.PlanFile)
	plan, err := loadPlan(opts.PlanFile)
	if err != nil {
		return err
	}
	cfgPath := opts.Config
	if cfgPath == "" {
		cfgPath = plan.Config
	}
	if cfgPath == "" {
		return usagef("plan %s names no config; pass it with -c", opts.PlanFile)
	}
	cfg, srcs, err := openSources(sio, cfgPath)
	if err != nil {
		return err
	}
	defer scan.CloseAll(srcs)
	targets := repair.Targets(srcs)
	checked, err := repair.Check(plan, cfg.Contract, targets)
	if err != nil {
		return usagef("%s: %w", opts.PlanFile, err)
	}
	if len(plan.Ops) == 0 {
		fmt.Fprintln(sio.Err, "the plan has no ops; nothing to apply")
		return nil
	}
	if err := confirmApply(sio, opts.Yes, plan); err != nil {
		return err
	}
	store, err := openState(ctx, sio, opts.State, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	xo := execOptions(sio, cfg)
	xo.Parallel = opts.Parallel
	eo, stop := withProgress(sio, xo, planSources(plan), len(plan.Ops))
	res, err := checked.Apply(ctx, store, eo)
	stop()
	if err != nil {
		return &SourceError{Err: err}
	}
	return finishRun(ctx, sio, opts.Format, res)
}

// loadPlan reads and verifies a plan file; any problem is a usage error.
func loadPlan(path string) (*repair.Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("cannot read the plan: %w; make one with drift plan -o FILE", err)
	}
	plan, err := repair.ReadPlanKeeping(data)
	if err != nil {
		return nil, usagef("%s: %w", path, err)
	}
	return plan, nil
}

func planSources(plan *repair.Plan) []string {
	var out []string
	seen := map[string]bool{}
	for _, op := range plan.Ops {
		if !seen[op.Source] {
			seen[op.Source] = true
			out = append(out, op.Source)
		}
	}
	return out
}

// confirm asks on a terminal; elsewhere only --yes allows writing.
func confirm(sio *IO, yes bool, question string) error {
	if yes {
		return nil
	}
	if !sio.InTTY {
		return usagef("this writes to sources: pass --yes to confirm (stdin is not a terminal); nothing written")
	}
	fmt.Fprintf(sio.prompt(), "%s [y/N] ", question)
	line, err := bufio.NewReader(sio.In).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return usagef("reading the answer: %w; nothing written", err)
	}
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		return usagef("not confirmed; nothing written")
	}
	return nil
}

func execOptions(sio *IO, cfg *contract.Config) repair.ExecOptions {
	abs, err := filepath.Abs(cfg.File)
	if err != nil {
		abs = cfg.File
	}
	return repair.ExecOptions{RunID: newRunID(sio.Now()), ConfigPath: abs, Now: sio.Now}
}

// finishRun prints a run and maps it to its exit: interrupted or failed
// ops exit 3, conflicts exit 1.
func finishRun(ctx context.Context, sio *IO, format string, res *repair.RunResult) error {
	logRun(ctx, sio.logger(string(res.Kind), res.RunID), res)
	if format == "json" {
		b, err := json.Marshal(res)
		if err != nil {
			return err
		}
		fmt.Fprintf(sio.Out, "%s\n", b)
	} else {
		writeRunText(sio.Out, res)
	}
	switch {
	case res.Status == state.StatusInterrupted:
		return &SourceError{Err: fmt.Errorf("run %s interrupted after %d ops; run the same command again to resume", res.RunID, len(res.Ops))}
	case res.Counts.Failed > 0:
		return &SourceError{Err: fmt.Errorf("run %s: %d ops failed; fix the cause and run the same command again to resume", res.RunID, res.Counts.Failed)}
	case res.Counts.Conflict > 0:
		return &DriftError{Msg: fmt.Sprintf("%d ops skipped: their target changed since the plan", res.Counts.Conflict)}
	}
	return nil
}

func writeRunText(out io.Writer, res *repair.RunResult) {
	// One write per line would be a system call per op: 100,000 of them
	// for a large plan. Each line is appended into one buffer, as
	// fmt.Sprintf("%-15s %-7s %-10s %s", ...) would write it, without
	// formatting it through fmt.
	w := bufio.NewWriterSize(out, 64<<10)
	defer w.Flush()
	var line []byte
	for _, op := range res.Ops {
		line = appendPadded(line[:0], string(op.Outcome), 15)
		line = appendPadded(append(line, ' '), op.Action, 7)
		line = appendPadded(append(line, ' '), op.Source, 10)
		line = append(append(line, ' '), op.Key...)
		if op.Resumed {
			line = append(line, "  (finished by an earlier run)"...)
		}
		if op.Outcome == state.OutcomeConflict {
			line = append(append(line, "  current: "...), op.Current...)
		}
		if op.Outcome == state.OutcomeFailed {
			line = append(append(line, "  error: "...), op.Error...)
		}
		w.Write(append(line, '\n'))
	}
	c := res.Counts
	fmt.Fprintf(w, "run %s (%s): %d applied, %d already applied, %d conflict, %d failed\n",
		res.RunID, res.Status, c.Applied, c.AlreadyApplied, c.Conflict, c.Failed)
}

// appendPadded appends s padded with spaces to width characters, as fmt's
// %-Ns pads it (by runes).
func appendPadded(b []byte, s string, width int) []byte {
	b = append(b, s...)
	for n := utf8.RuneCountInString(s); n < width; n++ {
		b = append(b, ' ')
	}
	return b
}

// logRun logs each op's outcome and the run's counts.
func logRun(ctx context.Context, log *slog.Logger, res *repair.RunResult) {
	info := log.Enabled(ctx, slog.LevelInfo)
	for _, op := range res.Ops {
		skipped := op.Outcome == state.OutcomeConflict || op.Outcome == state.OutcomeFailed
		if !skipped && !info {
			continue // not logged: spare building its line
		}
		attrs := []any{"op", op.ID, "source", op.Source, "key", string(op.Key), "action", op.Action, "outcome", op.Outcome}
		if op.Error != "" {
			attrs = append(attrs, "error", op.Error)
		}
		if skipped {
			log.WarnContext(ctx, "op skipped", attrs...)
			continue
		}
		log.InfoContext(ctx, "op", attrs...)
	}
	c := res.Counts
	log.InfoContext(ctx, "run finished", "plan", res.PlanID, "status", res.Status, "applied", c.Applied,
		"already_applied", c.AlreadyApplied, "conflict", c.Conflict, "failed", c.Failed)
}

// withProgress adds a progress line on stderr, when it is a terminal: the
// ops finished per source. stop ends the line before the summary prints.
func withProgress(sio *IO, eo repair.ExecOptions, names []string, total int) (repair.ExecOptions, func()) {
	if !sio.ErrTTY {
		return eo, func() {}
	}
	p := report.NewProgress(sio.Err, report.ProgressSources(names...),
		report.ProgressVerb("applying", "applied"), report.ProgressTotal(total))
	eo.Trace = func(op repair.Op, st repair.Stage) {
		if st == repair.StageFinished {
			p.Add(op.Source, 1)
		}
	}
	return eo, p.Stop
}
