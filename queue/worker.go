package queue

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/drift-sh/drift/state"
)

// DefaultJobTimeout is how long a job may run before its context is
// cancelled. A job still marked running RescueMargin after that (its
// worker was killed) is made available again by the next rescue pass of
// any worker (every RescueInterval), so a killed worker's job is worked
// again within the timeout, the margin, RescueInterval and one fetch poll:
// 15 s with the defaults.
const DefaultJobTimeout = 10 * time.Second

// RescueMargin is how long after its timeout a running job counts as
// stuck (its worker gone) and is rescued.
const RescueMargin = 2 * time.Second

// FetchCooldown is the least time between two fetches of a worker. River
// fetches at most as many jobs as the worker has free slots, so with
// River's default of 100 ms a worker of --concurrency 2 worked at most
// 20 jobs a second, however fast its jobs; a fetch is made only when a
// slot is free, a job was enqueued, or at PollInterval, so an idle worker
// fetches no more often for it.
const FetchCooldown = 5 * time.Millisecond

// WorkOptions tune a worker process.
type WorkOptions struct {
	// Concurrency is how many jobs the process works at once (default 1).
	Concurrency int
	// JobTimeout bounds one job (default DefaultJobTimeout).
	JobTimeout time.Duration
	// PollInterval is how often an idle worker looks for jobs (default 1 s).
	PollInterval time.Duration
	// Started, when set, is closed once the worker fetches jobs.
	Started chan<- struct{}
}

// Work works jobs with h until ctx is cancelled (SIGTERM, SIGINT), then
// stops fetching, lets the jobs in hand finish, finishes the process's
// run and returns nil. The run (see Handler) is opened first; while an
// apply holds a source it is opened by the first job that can.
func (q *Queue) Work(ctx context.Context, h *Handler, opts WorkOptions) error {
	cfg := workerConfig(h, opts)
	h.KeyTTL = cfg.RescueStuckJobsAfter
	c, err := q.backend.newClient(cfg)
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	if _, err := h.session(ctx); err != nil && !errors.Is(err, state.ErrLeaseHeld) {
		return fmt.Errorf("worker: %w", err)
	} else if err != nil {
		h.warn("the worker's run waits for a source", err)
	}
	if err := c.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("worker: start: %w", err)
	}
	if opts.Started != nil {
		close(opts.Started)
	}
	rescuing := make(chan struct{})
	go func() {
		defer close(rescuing)
		q.rescueLoop(ctx, cfg.RescueStuckJobsAfter, func(err error) { h.warn("rescuing the jobs of stopped workers failed", err) })
	}()
	<-ctx.Done()
	<-rescuing
	if err := c.Stop(context.Background()); err != nil {
		return fmt.Errorf("worker: stop: %w", err)
	}
	if err := h.closeSession(context.Background()); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	return nil
}

func workerConfig(h *Handler, opts WorkOptions) *river.Config {
	timeout := opts.JobTimeout
	if timeout <= 0 {
		timeout = DefaultJobTimeout
	}
	poll := opts.PollInterval
	if poll <= 0 {
		poll = time.Second
	}
	return &river.Config{
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: max(opts.Concurrency, 1)}},
		Workers:              workers(h),
		JobTimeout:           timeout,
		RescueStuckJobsAfter: timeout + RescueMargin,
		MaxAttempts:          MaxAttempts,
		RetryPolicy:          Backoff{Base: time.Second, Cap: 10 * time.Minute},
		FetchPollInterval:    poll,
		FetchCooldown:        min(poll, FetchCooldown),
		Logger:               quietLogger(),
	}
}

// Backoff is the retry policy: exponential (Base doubled per attempt, at
// most Cap) with full jitter, so that workers that failed together do not
// retry together.
type Backoff struct {
	Base, Cap time.Duration
}

// NextRetry is when a job that failed its attempt is tried again.
func (b Backoff) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(b.delay(job.Attempt))
}

func (b Backoff) delay(attempt int) time.Duration {
	d := b.Cap
	if attempt < 1 {
		attempt = 1
	}
	if attempt < 40 && b.Base<<(attempt-1) < b.Cap {
		d = b.Base << (attempt - 1)
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}
