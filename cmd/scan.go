package cmd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/internal/atomicfile"
	"github.com/drift-sh/drift/report"
	"github.com/drift-sh/drift/rules"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
	"github.com/drift-sh/drift/state/history"
)

// ScanOptions are the inputs of `drift scan`.
type ScanOptions struct {
	IO       *IO
	Config   string
	Format   string
	Output   string
	FailOn   string
	MaxDrift string
	// State selects the state store (--state, DRIFT_STATE); NoState skips
	// it: no drift ages, no transitions, nothing saved.
	State   string
	NoState bool
	// Enqueue puts one job per key with something to fix in the queue
	// that drift worker works.
	Enqueue bool
	// Record keeps every record the scan reads in the state store, for
	// drift simulate; Keep > 0 then keeps only the newest Keep recordings.
	Record bool
	Keep   int
	// MetricsFile receives the scan's gauges in the Prometheus text
	// format, written atomically (node_exporter's textfile collector).
	MetricsFile string
	// Filter narrows the report (--key, --source, --field).
	Filter filterArgs
}

func scanCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "scan",
		Usage: "compare every source of the config and report drift (read-only)",
		Flags: append([]cli.Flag{
			configFlag(),
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table, json, ndjson, markdown or junit"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the report to `FILE` (atomically) instead of stdout"},
			&cli.StringFlag{Name: "fail-on", Value: "any", Usage: "exit 1 on drift of this level: any, violation or none"},
			&cli.StringFlag{Name: "max-drift", Value: "0", Usage: "tolerate up to `N` drifted keys, or P% of keys"},
			stateFlag(),
			&cli.BoolFlag{Name: "no-state", Usage: "do not use the state store: no drift ages, no transition rules, no scan history"},
			&cli.BoolFlag{Name: "enqueue", Usage: "queue one job per drifted key with something to fix, for drift worker"},
			quietFlag(),
			&cli.BoolFlag{Name: "record", Usage: "keep every record read, as read, in the state store, for drift simulate"},
			&cli.IntFlag{Name: "keep", Usage: "with --record: keep only the newest `N` recorded scans of the contract (0: all)"},
			&cli.StringFlag{Name: "metrics-file", Usage: "write the scan's gauges to `FILE` in the Prometheus text format, atomically (for node_exporter's textfile collector)", TakesFile: true},
		}, filterFlags()...),
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			return runScan(c.Context, ScanOptions{
				IO: quieted(sio, c.Bool("quiet")), Config: c.String("config"), Format: c.String("format"),
				Output: c.String("output"), FailOn: c.String("fail-on"), MaxDrift: c.String("max-drift"),
				State: c.String("state"), NoState: c.Bool("no-state"), Enqueue: c.Bool("enqueue"), MetricsFile: c.String("metrics-file"),
				Record: c.Bool("record"), Keep: c.Int("keep"),
				Filter: filterFromFlags(c),
			})
		},
	}
}

// gate decides the exit code of a scan from --fail-on and --max-drift.
type gate struct {
	failOn  string
	max     float64
	percent bool
}

func parseGate(failOn, maxDrift string) (gate, error) {
	g := gate{failOn: failOn}
	switch failOn {
	case "any", "violation", "none":
	default:
		return g, usagef("--fail-on %q: use any, violation or none", failOn)
	}
	s := strings.TrimSpace(maxDrift)
	g.percent = strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || v < 0 || (g.percent && v > 100) {
		return g, usagef("--max-drift %q: use a count like 5 or a share of keys like 0.5%%", maxDrift)
	}
	g.max = v
	return g, nil
}

// failing counts the keys whose drift is at or above the --fail-on level,
// up to stop: the count stops there, since the gate only asks whether
// it passed --max-drift (with the default 0, at the first such drift).
// Violations of warning-level rules are reported, never counted.
func (g gate) failing(r *diff.Report, stop int) int {
	if g.failOn == "none" {
		return 0
	}
	keys := map[string]struct{}{}
	var last diff.Key
	var b []byte
	for _, d := range r.Drifts {
		if d.Severity == "warning" || (g.failOn == "violation" && d.Kind != diff.Violation) {
			continue
		}
		// A key's drifts mostly come one after the other (report order):
		// the key is written only once for them.
		if last != nil && sameKey(last, d.Key) {
			continue
		}
		last = d.Key
		// Into one buffer: the lookup makes no string, and only a key
		// not seen yet becomes one.
		b = d.Key.AppendJSON(b[:0])
		if _, seen := keys[string(b)]; seen {
			continue
		}
		if keys[string(b)] = struct{}{}; len(keys) >= stop {
			break
		}
	}
	return len(keys)
}

// sameKey reports whether two keys have the same fields and values, and so
// the same JSON.
func sameKey(a, b diff.Key) bool {
	return slices.EqualFunc(a, b, func(x, y diff.KeyPart) bool {
		return x.Field == y.Field && bytes.Equal(x.Value, y.Value)
	})
}

// fails reports whether the report breaks the gate: more failing keys than
// --max-drift allows.
func (g gate) fails(r *diff.Report) bool {
	limit := g.max
	if g.percent {
		limit = g.max * float64(r.Summary.Keys) / 100
	}
	// Counted up to past the limit (by two, for the rounding of the share
	// of keys), which is as good as all of them: either way more than
	// the limit.
	n := float64(g.failing(r, int(min(limit, math.MaxInt32))+2))
	if n == 0 {
		return false
	}
	if g.percent {
		if r.Summary.Keys == 0 {
			return true
		}
		return n*100/float64(r.Summary.Keys) > g.max
	}
	return n > g.max
}

func runScan(ctx context.Context, opts ScanOptions) error {
	sio := opts.IO
	g, err := parseGate(opts.FailOn, opts.MaxDrift)
	if err != nil {
		return err
	}
	if err := checkRecord(opts); err != nil {
		return err
	}
	if opts.Enqueue && opts.NoState {
		return usagef("--enqueue needs the state store, which holds the queue; drop --no-state")
	}
	w, err := report.New(opts.Format, report.Options{Color: opts.Output == "" && sio.Color(), Width: tableWidth(sio), Now: sio.Now()})
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
	hist, err := openScanHistory(ctx, sio, opts.State, opts.NoState, cfg)
	if err != nil {
		return err
	}
	defer hist.Close()
	sc := &scanner{sio: sio, cfg: cfg, srcs: srcs, rules: r, hist: hist, command: "scan", progress: sio.ErrTTY}
	if opts.Record {
		sc.record = state.NewRecordBuffer(len(srcs))
	}
	res, err := sc.run(ctx)
	if err != nil {
		return &SourceError{Err: fmt.Errorf("scan interrupted: %w", err)}
	}
	if sc.record != nil {
		if err := saveRecording(ctx, sio, opts, cfg, srcs, res, sc.record); err != nil {
			return err
		}
	}
	res.Report = res.Report.Filtered(filter)
	if err := writeMetricsFile(opts.MetricsFile, cfg.Contract, res.Report); err != nil {
		return err
	}
	if err := writeReport(opts.Output, sio.Out, w, res.Report); err != nil {
		return err
	}
	if opts.Enqueue {
		n, err := enqueueScan(ctx, sio, opts.State, cfg, srcs, r, res)
		if err != nil {
			return err
		}
		fmt.Fprintf(sio.Err, "%d enqueued, %d already queued\n", n.Enqueued, n.AlreadyQueued)
	}
	return scanVerdict(res, g)
}

// scanner is one config's scan as drift scan runs it, and drift watch
// every cycle: rules over every record (with the previous snapshots for
// transitions), the scan, its log lines, and its history saved.
type scanner struct {
	sio      *IO
	cfg      *contract.Config
	srcs     []*scan.Opened
	rules    *rules.Rules
	hist     *history.Recorder
	command  string
	progress bool
	// record, when set, keeps every record the scan reads (--record).
	record *state.RecordBuffer
}

// run scans once, with a new run id.
func (s *scanner) run(ctx context.Context) (*scan.Result, error) {
	cfg, sio := s.cfg, s.sio
	runID := newRunID(sio.Now())
	sopts := scan.Options{RunID: runID, Now: sio.Now, Log: sio.logger(s.command, runID)}
	if s.record != nil {
		sopts.Record = s.record
	}
	var progress *report.Progress
	if s.progress {
		progress = report.NewProgress(sio.Err, report.ProgressSources(scan.Names(s.srcs)...))
		sopts.Progress = progress
	}
	res, err := s.hist.Scan(ctx, cfg, s.srcs, s.rules, sopts)
	if progress != nil {
		progress.Stop()
	}
	if err != nil {
		return nil, err
	}
	logScan(ctx, sio.logger(s.command, runID), res.Report)
	return res, nil
}

// writeReport writes to -o FILE atomically, or to stdout.
func writeReport(path string, out io.Writer, w report.Writer, r *diff.Report) error {
	if path == "" {
		return w.Write(out, r)
	}
	if err := atomicfile.WriteOutput(path, func(f io.Writer) error { return w.Write(f, r) }); err != nil {
		return &SourceError{Err: fmt.Errorf("writing report to %s: %w", path, err)}
	}
	return nil
}

// scanVerdict maps a finished scan to its exit: an unreadable source makes
// the result incomplete (exit 3) whatever else was found, since the missing
// source may hide drift; otherwise drift past the gate is exit 1.
func scanVerdict(res *scan.Result, g gate) error {
	if res.Incomplete() {
		var parts []string
		for _, n := range res.FailedNames() {
			parts = append(parts, fmt.Sprintf("source %q could not be read: %s", n, res.Failed[n]))
		}
		return &SourceError{Err: fmt.Errorf("incomplete scan: %s", strings.Join(parts, "; "))}
	}
	if g.fails(res.Report) {
		return &DriftError{Msg: "drift found"}
	}
	return nil
}

// logScan logs what each source read and what the scan found.
func logScan(ctx context.Context, log *slog.Logger, r *diff.Report) {
	for _, st := range r.Sources {
		if st.Error != nil {
			log.WarnContext(ctx, "source could not be read", "source", st.Name, "type", st.Type, "records", st.Records, "error", *st.Error)
			continue
		}
		log.InfoContext(ctx, "source read", "source", st.Name, "type", st.Type, "records", st.Records, "version", st.Version)
	}
	s := r.Summary
	log.InfoContext(ctx, "scan finished", "contract", r.Contract.Name, "keys", s.Keys, "drifted_keys", s.DriftedKeys,
		"missing", s.Missing, "changed", s.Changed, "violations", s.Violations,
		"duration", r.FinishedAt.Sub(r.StartedAt).String())
}

// pipedWidth is the table width when stdout is not a terminal (a CI log, a
// file, a pager) and COLUMNS does not say otherwise: every table fits 80
// columns.
const pipedWidth = 80

// tableWidth is the terminal's width; off a terminal, COLUMNS when it is a
// positive number, else pipedWidth.
func tableWidth(sio *IO) int {
	if sio.Width > 0 {
		return sio.Width
	}
	if v, ok := sio.Getenv("COLUMNS"); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
			return n
		}
	}
	return pipedWidth
}
