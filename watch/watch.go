package watch

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"go.opentelemetry.io/otel/codes"

	"github.com/drift-sh/drift/internal/tracing"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// Options configure a Watcher. Scan is the one scan the watch repeats;
// the face that builds a Watcher gives it the same scan `drift scan` runs.
type Options struct {
	Contract string
	Interval time.Duration
	Grace    time.Duration
	// Once runs one cycle and returns.
	Once bool
	// Store keeps the lifecycles; the watch reads the open ones at start.
	Store state.Store
	// Scan runs one scan with a new run id.
	Scan func(ctx context.Context) (*scan.Result, error)
	// Lifecycle, when set, gives what the scan just run did to the
	// lifecycles when its history already moved and saved them (with the
	// scan, in one transaction); otherwise, or when it gives none, the
	// watch moves them and saves them itself.
	Lifecycle func(res *scan.Result) (Step, bool)
	// Repair, when set, is called after each scan with the scan and the
	// open drifts (--repair auto); nil leaves the drift alone.
	Repair  func(ctx context.Context, res *scan.Result, open []state.Lifecycle) error
	Log     *slog.Logger
	Notify  *Notifier
	Metrics *Metrics
	// Now is the wall clock for logs and the webhook; Jitter spreads the
	// interval (default: ±10%, uniformly).
	Now    func() time.Time
	Jitter func(time.Duration) time.Duration
}

// Watcher runs the watch loop and holds what the page and /readyz show.
type Watcher struct {
	o Options

	mu      sync.Mutex
	open    []state.Lifecycle
	history []Point
	ready   bool
	last    *scan.Result
}

// Point is one cycle as the page charts it: when, the open drifts per
// class, and the convergences of that cycle.
type Point struct {
	At        time.Time
	Open      map[state.Class]int
	Converged []Sample
}

// maxHistory bounds the points kept for the page: a day at 30 s.
const maxHistory = 2880

// New returns a Watcher; Run starts it.
func New(o Options) *Watcher {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Jitter == nil {
		o.Jitter = jitter
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Watcher{o: o}
}

// jitter spreads d by ±10%, so that many watches started together do not
// scan in step.
func jitter(d time.Duration) time.Duration {
	return d + time.Duration((rand.Float64()*0.2-0.1)*float64(d))
}

// Run scans, then waits the jittered interval after the scan started, and
// scans again, until ctx is done (SIGTERM, SIGINT): the scan under way
// then finishes (its context is not cancelled), a repair stops after its
// current op, and Run returns nil. Scans never overlap: the next timer
// starts when a cycle ends. Only a store that cannot be read at start is
// an error.
func (w *Watcher) Run(ctx context.Context) error {
	open, err := w.o.Store.OpenLifecycles(ctx, w.o.Contract)
	if err != nil {
		return err
	}
	w.mu.Lock()
	w.open = open
	w.mu.Unlock()
	for {
		started := time.Now()
		w.cycle(ctx)
		if w.o.Once || ctx.Err() != nil {
			return nil
		}
		wait := w.o.Jitter(w.o.Interval) - time.Since(started)
		t := time.NewTimer(max(wait, 0))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// cycle is one scan: lifecycle, alerts, metrics, then repair. Each cycle
// is a trace of its own, rooted in a "watch.cycle" span.
func (w *Watcher) cycle(ctx context.Context) {
	ctx, span := tracing.Tracer().Start(ctx, "watch.cycle")
	defer span.End()
	res, err := w.o.Scan(context.WithoutCancel(ctx))
	if err != nil {
		span.SetStatus(codes.Error, "scan failed")
		w.o.Log.ErrorContext(ctx, "scan failed", "error", err.Error())
		return
	}
	st := w.advance(ctx, res)
	for _, e := range st.Events {
		logEvent(ctx, w.o.Log, e)
		if w.o.Notify != nil {
			w.o.Notify.Send(eventJSON(ctx, e, w.o.Now()))
		}
	}
	if w.o.Metrics != nil {
		w.o.Metrics.Scanned(res.Report, st.Open)
		w.o.Metrics.Stepped(st)
	}
	w.record(res, st)
	if w.o.Repair != nil && ctx.Err() == nil {
		if err := w.o.Repair(ctx, res, st.Open); err != nil && !errors.Is(err, context.Canceled) {
			w.o.Log.ErrorContext(ctx, "repair failed", "run_id", res.Report.RunID, "error", err.Error())
		}
	}
}

// advance is the scan's step: the history's, else its own, saved.
func (w *Watcher) advance(ctx context.Context, res *scan.Result) Step {
	if w.o.Lifecycle != nil {
		if st, ok := w.o.Lifecycle(res); ok {
			return st
		}
	}
	st := Advance(w.o.Contract, w.open, ObservedFrom(res), w.o.Grace)
	if err := w.o.Store.SaveLifecycles(context.WithoutCancel(ctx), st.Save); err != nil {
		w.o.Log.ErrorContext(ctx, "drift lifecycles not saved", "run_id", res.Report.RunID, "error", err.Error())
	}
	return st
}

// record keeps the cycle for the page and marks the watch ready.
func (w *Watcher) record(res *scan.Result, st Step) {
	p := Point{At: res.Report.StartedAt, Open: map[state.Class]int{}, Converged: st.Converged}
	for _, l := range st.Open {
		p.Open[l.Class]++
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.open, w.last, w.ready = st.Open, res, true
	w.history = append(w.history, p)
	if len(w.history) > maxHistory {
		w.history = append(w.history[:0:0], w.history[len(w.history)-maxHistory:]...)
	}
}

// Ready reports whether a first scan has finished.
func (w *Watcher) Ready() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ready
}

// Snapshot returns the open drifts, the cycles so far and the last scan,
// for the page; the caller must not modify them.
func (w *Watcher) Snapshot() ([]state.Lifecycle, []Point, *scan.Result) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.open, w.history, w.last
}

// Open returns the open drifts after the last cycle.
func (w *Watcher) Open() []state.Lifecycle {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.open
}
