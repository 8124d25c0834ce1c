package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/queue"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/rules"
	"github.com/drift-sh/drift/scan"
)

// QueueOptions are the inputs of `drift queue`.
type QueueOptions struct {
	IO     *IO
	Config string
	State  string
	Format string
	// Action is status, list, retry or discard; ID the job of the last two.
	Action string
	ID     int64
}

func queueCommand(sio *IO) *cli.Command {
	flags := func() []cli.Flag {
		return []cli.Flag{configFlag(), stateFlag(),
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"}}
	}
	sub := func(name, usage, arg string) *cli.Command {
		return &cli.Command{Name: name, Usage: usage, ArgsUsage: arg, Flags: flags(),
			Action: func(c *cli.Context) error {
				opts := QueueOptions{IO: sio, Config: c.String("config"), State: c.String("state"),
					Format: c.String("format"), Action: name}
				if arg == "" {
					if err := noArgs(c); err != nil {
						return err
					}
					return runQueue(c.Context, opts)
				}
				s, err := oneArg(c, "a job id from drift queue list")
				if err != nil {
					return err
				}
				if opts.ID, err = strconv.ParseInt(s, 10, 64); err != nil || opts.ID <= 0 {
					return usagef("job id %q: use a number from drift queue list", s)
				}
				return runQueue(c.Context, opts)
			}}
	}
	return &cli.Command{
		Name:  "queue",
		Usage: "show and manage the reconciliation queue that drift worker works",
		Subcommands: []*cli.Command{
			sub("status", "count the jobs by state", ""),
			sub("list", "list the jobs: key, state, attempts, last error", ""),
			sub("retry", "make a job held for a person, or discarded, available again", "ID"),
			sub("discard", "cancel a job: it is not worked again", "ID"),
		},
	}
}

// queueWhere is --state, or .drift/state.db beside the config, found
// without reading the config.
func queueWhere(flag, config string) (string, error) {
	if flag != "" {
		return flag, checkState(flag)
	}
	return stateWhere("", filepath.Dir(config)), nil
}

func runQueue(ctx context.Context, opts QueueOptions) error {
	if opts.Format != "table" && opts.Format != "json" {
		return usagef("--format %q: use table or json", opts.Format)
	}
	where, err := queueWhere(opts.State, opts.Config)
	if err != nil {
		return err
	}
	q, err := queue.Open(ctx, where)
	if err != nil {
		return &SourceError{Err: err}
	}
	defer q.Close()
	switch opts.Action {
	case "status":
		st, err := q.Status(ctx)
		if err != nil {
			return &SourceError{Err: err}
		}
		return printStatus(opts, st)
	case "list":
		jobs, err := q.Jobs(ctx)
		if err != nil {
			return &SourceError{Err: err}
		}
		return printJobs(opts, jobs)
	}
	change := q.Retry
	if opts.Action == "discard" {
		change = q.Discard
	}
	j, err := change(ctx, opts.ID)
	if errors.Is(err, queue.ErrNoJob) {
		return &UsageError{Err: err}
	}
	if err != nil {
		return &SourceError{Err: err}
	}
	return printJobs(opts, []queue.Job{j})
}

func printStatus(opts QueueOptions, st queue.Status) error {
	if opts.Format == "json" {
		return printJSON(opts.IO, st)
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 0, 2, ' ', 0)
	for _, r := range []struct {
		name string
		n    int
	}{{"available", st.Available}, {"running", st.Running}, {"retryable", st.Retryable}, {"completed", st.Completed},
		{"converged", st.Converged}, {"manual", st.Manual}, {"discarded", st.Discarded}} {
		fmt.Fprintf(tw, "%s\t%d\n", r.name, r.n)
	}
	return tw.Flush()
}

func printJobs(opts QueueOptions, jobs []queue.Job) error {
	if opts.Format == "json" {
		if jobs == nil {
			jobs = []queue.Job{}
		}
		return printJSON(opts.IO, jobs)
	}
	if len(jobs) == 0 {
		_, err := fmt.Fprintln(opts.IO.Out, "no jobs")
		return err
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tATTEMPTS\tKEY\tLAST ERROR")
	for _, j := range jobs {
		fmt.Fprintf(tw, "%d\t%s\t%d/%d\t%s\t%s\n", j.ID, j.State, j.Attempts, j.MaxAttempts, j.Key, j.LastError)
	}
	return tw.Flush()
}

func printJSON(sio *IO, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(sio.Out, "%s\n", b)
	return err
}

// enqueueScan is scan --enqueue: one job per key the scan's plan has ops
// for, in the queue of the state store.
func enqueueScan(ctx context.Context, sio *IO, where string, cfg *contract.Config, srcs []*scan.Opened, r *rules.Rules, res *scan.Result) (queue.Enqueued, error) {
	where = stateWhere(where, cfg.Dir)
	plan, err := repair.Build(planInput(sio, cfg, srcs, res, r))
	if err != nil {
		return queue.Enqueued{}, err
	}
	q, err := queue.Open(ctx, where)
	if err != nil {
		return queue.Enqueued{}, &SourceError{Err: err}
	}
	defer q.Close()
	n, err := queue.Enqueue(ctx, q, queue.Jobs(cfg.Contract, res, plan, sio.Now()))
	if err != nil {
		return n, &SourceError{Err: err}
	}
	return n, nil
}

// watchEnqueuer is drift watch --repair enqueue: each cycle's plan for
// persistent drift is queued, one job per key, for drift worker.
func watchEnqueuer(sio *IO, where string, cfg *contract.Config) func(context.Context, *scan.Result, *repair.Plan) error {
	where = stateWhere(where, cfg.Dir)
	return func(ctx context.Context, res *scan.Result, plan *repair.Plan) error {
		q, err := queue.Open(ctx, where)
		if err != nil {
			return err
		}
		defer q.Close()
		n, err := queue.Enqueue(ctx, q, queue.Jobs(cfg.Contract, res, plan, sio.Now()))
		if err != nil {
			return err
		}
		sio.Log.Info("persistent drift queued", "enqueued", n.Enqueued, "already_queued", n.AlreadyQueued)
		return nil
	}
}
