package cmd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
	"github.com/drift-sh/drift/state/history"
	"github.com/drift-sh/drift/watch"
)

// WatchOptions are the inputs of `drift watch`.
type WatchOptions struct {
	IO       *IO
	Config   string
	State    string
	Interval time.Duration
	// Grace is --grace; GraceSet says it was given, so it wins over the
	// contract's resolve.grace.
	Grace    time.Duration
	GraceSet bool
	Once     bool
	Repair   string
	Listen   string
	Token    string
	Notify   string
	// Log is the watch's logger: info and up unless --log-level says
	// otherwise, in --log-format.
	Log *slog.Logger
}

func watchCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "watch",
		Usage: "scan every interval, keep each drift's lifecycle, alert on persistent drift, serve metrics",
		Flags: []cli.Flag{
			configFlag(), stateFlag(),
			&cli.DurationFlag{Name: "interval", Value: 30 * time.Second, Usage: "time between scans (jittered ±10%)"},
			&cli.DurationFlag{Name: "grace", Value: watch.DefaultGrace, Usage: "how long drift may last before it is persistent (default: resolve.grace, else 5m)"},
			&cli.BoolFlag{Name: "once", Usage: "run one cycle and exit (for cron and tests)"},
			&cli.StringFlag{Name: "repair", Value: "off", Usage: "off; auto: apply the plan for persistent, non-manual drift; enqueue: queue it for drift worker"},
			&cli.StringFlag{Name: "listen", Usage: "serve /metrics, /healthz, /readyz and the page / on `ADDR`, e.g. 127.0.0.1:9464"},
			&cli.StringFlag{Name: "token", EnvVars: []string{"DRIFT_WATCH_TOKEN"}, Usage: "bearer token the page / requires (needed on a non-loopback --listen)"},
			&cli.StringFlag{Name: "notify", Usage: "POST each alert as JSON to `URL` (retried with backoff)"},
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			log, err := watchLogger(c, sio)
			if err != nil {
				return err
			}
			err = runWatch(c.Context, WatchOptions{
				IO: sio, Config: c.String("config"), State: c.String("state"),
				Interval: c.Duration("interval"), Grace: c.Duration("grace"), GraceSet: c.IsSet("grace"),
				Once: c.Bool("once"), Repair: c.String("repair"), Listen: c.String("listen"),
				Token: c.String("token"), Notify: c.String("notify"), Log: log,
			})
			return stoppedEarly(c.Context, log, err)
		},
	}
}

// stoppedEarly is err, unless it only says that SIGTERM or SIGINT came
// while the watch was starting (the state store or the first read of the
// lifecycles cancelled): a watch stopped then has nothing to finish, and
// exits 0 as it does when stopped between scans.
func stoppedEarly(ctx context.Context, log *slog.Logger, err error) error {
	if err != nil && ctx.Err() != nil && errors.Is(err, context.Canceled) {
		log.Info("watch stopped before its first scan", "reason", err.Error())
		return nil
	}
	return err
}

// watchLogger is the watch's logger: the global --log-format (written
// anywhere on the line: see hoistGlobalFlags); the level of the global
// --log-level when given, else info, since a watch's log is its output.
func watchLogger(c *cli.Context, sio *IO) (*slog.Logger, error) {
	format, level := "text", "info"
	for _, p := range c.Lineage()[1:] {
		if p.IsSet("log-format") {
			format = p.String("log-format")
		}
		if p.IsSet("log-level") {
			level = p.String("log-level")
		}
	}
	return buildLogger(sio.Err, format, level)
}

// checkWatch refuses bad usage before any source is read.
func checkWatch(opts WatchOptions) error {
	if opts.Interval <= 0 {
		return usagef("--interval %s: use a positive duration like 30s", opts.Interval)
	}
	if opts.GraceSet && opts.Grace < 0 {
		return usagef("--grace %s: use a duration like 5m, or 0 to call all drift persistent", opts.Grace)
	}
	switch opts.Repair {
	case "off", "auto", "enqueue":
	default:
		return usagef("--repair %q: use off, auto or enqueue", opts.Repair)
	}
	if opts.Notify != "" {
		u, err := url.Parse(opts.Notify)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("--notify: not an http:// or https:// URL")
		}
	}
	if opts.Listen == "" {
		return nil
	}
	loop, err := watch.IsLoopback(opts.Listen)
	if err != nil {
		return usagef("--listen %q: use host:port, e.g. 127.0.0.1:9464", opts.Listen)
	}
	if !loop && opts.Token == "" {
		return usagef("--listen %s is not a loopback address, and the page shows keys and values: set --token or DRIFT_WATCH_TOKEN", opts.Listen)
	}
	return nil
}

func runWatch(ctx context.Context, opts WatchOptions) error {
	if err := checkWatch(opts); err != nil {
		return err
	}
	wio := *opts.IO
	wio.Log = opts.Log
	sio := &wio
	cfg, srcs, err := openSources(sio, opts.Config)
	if err != nil {
		return err
	}
	defer scan.CloseAll(srcs)
	r, err := compileRules(cfg.Contract)
	if err != nil {
		return err
	}
	store, err := openState(ctx, sio, opts.State, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	hist, err := openScanHistory(ctx, sio, opts.State, false, cfg)
	if err != nil {
		return err
	}
	defer hist.Close()
	sc := &scanner{sio: sio, cfg: cfg, srcs: srcs, rules: r, hist: hist, command: "watch"}
	m := watch.NewMetrics(cfg.Contract.Name, Version)
	grace := graceOf(cfg.Contract, opts.Grace, opts.GraceSet)
	hist.Track(history.Policy{Grace: grace, Alert: true})
	wo := watch.Options{
		Contract: cfg.Contract.Name, Interval: opts.Interval, Grace: grace, Once: opts.Once,
		Store: store, Scan: sc.run, Log: opts.Log, Metrics: m, Now: sio.Now,
		Lifecycle: func(res *scan.Result) (watch.Step, bool) { return hist.Step(res.Report.RunID) },
	}
	if opts.Notify != "" {
		wo.Notify = &watch.Notifier{URL: opts.Notify, Log: opts.Log}
	}
	if opts.Repair != "off" {
		abs, _ := filepath.Abs(cfg.File)
		rp := &watch.Repairer{
			Contract: cfg.Contract, Targets: repair.Targets(srcs), Journal: store, ConfigPath: abs,
			Input: func(res *scan.Result) repair.Input { return planInput(sio, cfg, srcs, res, r) },
			RunID: func() string { return newRunID(sio.Now()) },
			Now:   sio.Now, Log: opts.Log, Metrics: m,
		}
		if opts.Repair == "enqueue" {
			rp.Enqueue = watchEnqueuer(sio, opts.State, cfg)
		}
		wo.Repair = rp.Repair
	}
	w := watch.New(wo)
	stop, err := serve(opts, w, m)
	if err != nil {
		return err
	}
	defer stop()
	opts.Log.Info("watch started", "contract", cfg.Contract.Name, "interval", opts.Interval.String(),
		"grace", grace.String(), "repair", opts.Repair, "listen", opts.Listen)
	if err := w.Run(ctx); err != nil {
		return &SourceError{Err: err}
	}
	if wo.Notify != nil {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		wo.Notify.Close(closeCtx)
		cancel()
	}
	opts.Log.Info("watch stopped", "contract", cfg.Contract.Name)
	if opts.Once {
		return watchVerdict(w)
	}
	return nil
}

// serve starts the HTTP server on --listen; stop shuts it down.
func serve(opts WatchOptions, w *watch.Watcher, m *watch.Metrics) (stop func(), err error) {
	if opts.Listen == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return nil, &SourceError{Err: fmt.Errorf("--listen %s: %w", opts.Listen, err)}
	}
	srv := &http.Server{Handler: watch.Handler(w, m, opts.Token), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			opts.Log.Error("http server stopped", "error", err.Error())
		}
	}()
	opts.Log.Info("serving metrics", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}

// watchVerdict is the exit of watch --once: 3 when a source could not be
// read, 1 when persistent drift is open, 0 otherwise.
func watchVerdict(w *watch.Watcher) error {
	open, _, last := w.Snapshot()
	if last != nil && last.Incomplete() {
		return scanVerdict(last, gate{failOn: "none"})
	}
	n := 0
	for _, l := range open {
		if l.Class == state.ClassPersistent {
			n++
		}
	}
	if n > 0 {
		return &DriftError{Msg: fmt.Sprintf("%d persistent drifts", n)}
	}
	return nil
}
