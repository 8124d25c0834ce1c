package cmd

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/queue"
	"github.com/drift-sh/drift/scan"
)

// WorkerOptions are the inputs of `drift worker`.
type WorkerOptions struct {
	IO          *IO
	Config      string
	State       string
	Concurrency int
	JobTimeout  time.Duration
	// Listen, when set, is the address /metrics is served on.
	Listen string
}

func workerCommand(sio *IO) *cli.Command {
	return &cli.Command{
		Name:  "worker",
		Usage: "work the reconciliation queue: re-read each queued key, resolve it and write it with compare-and-set",
		Flags: []cli.Flag{
			configFlag(), stateFlag(),
			&cli.IntFlag{Name: "concurrency", Value: 1, Usage: "how many jobs to work at once"},
			&cli.DurationFlag{Name: "job-timeout", Value: queue.DefaultJobTimeout,
				Usage: "how long one job may run; a killed worker's job is worked again soon after it"},
			&cli.StringFlag{Name: "listen", Usage: "serve /metrics (Prometheus) on `ADDR`, e.g. 127.0.0.1:9465"},
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			return runWorker(c.Context, WorkerOptions{IO: sio, Config: c.String("config"), State: c.String("state"),
				Concurrency: c.Int("concurrency"), JobTimeout: c.Duration("job-timeout"), Listen: c.String("listen")})
		},
	}
}

func runWorker(ctx context.Context, opts WorkerOptions) error {
	sio := opts.IO
	if opts.Concurrency < 1 {
		return usagef("--concurrency %d: use 1 or more", opts.Concurrency)
	}
	if opts.JobTimeout < time.Second {
		return usagef("--job-timeout %s: use 1s or more", opts.JobTimeout)
	}
	if opts.Listen != "" {
		if _, _, err := net.SplitHostPort(opts.Listen); err != nil {
			return usagef("--listen %q: use host:port, e.g. 127.0.0.1:9465", opts.Listen)
		}
	}
	if err := checkState(opts.State); err != nil {
		return err
	}
	cfg, srcs, err := openSources(sio, opts.Config)
	if err != nil {
		return err
	}
	defer scan.CloseAll(srcs)
	r, err := compileRules(cfg.Contract)
	if err != nil {
		return err
	}
	where := stateWhere(opts.State, cfg.Dir)
	q, err := queue.Open(ctx, where)
	if err != nil {
		return &SourceError{Err: err}
	}
	defer q.Close()
	abs, err := filepath.Abs(cfg.File)
	if err != nil {
		abs = cfg.File
	}
	h := &queue.Handler{Contract: cfg.Contract, Sources: srcs, Expr: r.Resolve, Journal: q.Store,
		ConfigPath: abs, Now: sio.Now, RunID: func() string { return newRunID(sio.Now()) }, Log: sio.logger("worker", "")}
	if len(cfg.Contract.Invariants) > 0 {
		h.Rules = r
	}
	if len(cfg.Contract.Transitions) > 0 {
		h.Transitions = r
	}
	if opts.Listen != "" {
		h.Metrics = queue.NewMetrics(cfg.Contract.Name, q)
		stop, err := serveMetrics(sio, opts.Listen, h.Metrics)
		if err != nil {
			return err
		}
		defer stop()
	}
	started := make(chan struct{})
	go func() {
		select {
		case <-started:
			fmt.Fprintf(sio.Err, "drift worker: working the queue of contract %s with %d at a time; stop with SIGTERM or Ctrl-C\n",
				cfg.Contract.Name, opts.Concurrency)
		case <-ctx.Done():
		}
	}()
	err = q.Work(ctx, h, queue.WorkOptions{Concurrency: opts.Concurrency, JobTimeout: opts.JobTimeout, Started: started})
	if err != nil {
		return &SourceError{Err: err}
	}
	fmt.Fprintln(sio.Err, "drift worker: stopped; the jobs in hand were finished")
	return nil
}

// serveMetrics serves the worker's /metrics on addr, with the Go and
// process collectors; stop shuts the server down.
func serveMetrics(sio *IO, addr string, m *queue.Metrics) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, &SourceError{Err: fmt.Errorf("--listen %s: %w", addr, err)}
	}
	m.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	fmt.Fprintf(sio.Err, "drift worker: serving /metrics on %s\n", ln.Addr())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
