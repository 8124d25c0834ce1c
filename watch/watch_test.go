package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/state"
)

// fakeScans returns a Scan that plays the given drifts, one set a call,
// each scan a second after the last; the last set repeats.
func fakeScans(sets ...[]diff.Drift) (func(context.Context) (*scan.Result, error), *atomic.Int32) {
	var n atomic.Int32
	return func(ctx context.Context) (*scan.Result, error) {
		i := int(n.Add(1)) - 1
		ds := sets[min(i, len(sets)-1)]
		at := t0.Add(time.Duration(i) * time.Second)
		msg := "down"
		r := &diff.Report{RunID: "s" + string(rune('a'+i%26)), StartedAt: at, FinishedAt: at.Add(time.Millisecond),
			Drifts: ds, Sources: []diff.SourceStatus{{Name: "primary", Records: 3}, {Name: "replica", Records: 2}}}
		res := &scan.Result{Report: r, Failed: map[string]string{}}
		if ds == nil {
			r.Sources[1].Error = &msg
			res.Failed["replica"] = msg
		}
		return res, nil
	}, &n
}

func openStore(t *testing.T) state.Store {
	t.Helper()
	st, err := state.Open(context.Background(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// syncBuffer is a log sink safe for the loop and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestWatchAlertsOnceAcrossRestart runs a watch for three cycles (grace 1s)
// over a drift that persists, restarts it from the same store, and checks
// that it alerted once, in the log and by webhook, and that a second watch
// only logs its resolution.
func TestWatchAlertsOnceAcrossRestart(t *testing.T) {
	var hooks syncBuffer
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable) // retried
			return
		}
		b, _ := io.ReadAll(r.Body)
		hooks.Write(append(b, '\n'))
	}))
	defer srv.Close()
	store := openStore(t)
	var logs syncBuffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	scans, _ := fakeScans([]diff.Drift{stuck}, []diff.Drift{stuck}, []diff.Drift{stuck})
	notify := &Notifier{URL: srv.URL, Log: log, Backoff: time.Millisecond}
	m := NewMetrics("accounts", "test")
	w := New(Options{Contract: "accounts", Interval: time.Millisecond, Grace: time.Second, Store: store,
		Scan: scans, Log: log, Notify: notify, Metrics: m, Jitter: func(d time.Duration) time.Duration { return d }})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for len(w.Snapshot2()) < 3 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
	closeCtx, done := context.WithTimeout(context.Background(), 5*time.Second)
	defer done()
	notify.Close(closeCtx)
	if got := strings.Count(logs.String(), `"msg":"drift persistent"`); got != 1 {
		t.Errorf("%d persistent alerts logged, want 1:\n%s", got, logs.String())
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(hooks.String())), &body); err != nil {
		t.Fatalf("webhook bodies %q: %v", hooks.String(), err)
	}
	for _, k := range []string{"drift_id", "key", "kind", "source", "field", "age", "contract", "run_id"} {
		if _, ok := body[k]; !ok {
			t.Errorf("webhook body lacks %q: %v", k, body)
		}
	}
	if got := testutil.ToFloat64(m.alerts.WithLabelValues("accounts", "missing")); got != 1 {
		t.Errorf("drift_alerts_total = %v, want 1", got)
	}

	// A second watch over the same store: the drift is gone.
	logs2 := &syncBuffer{}
	gone, _ := fakeScans([]diff.Drift{})
	w2 := New(Options{Contract: "accounts", Grace: time.Second, Store: store, Scan: gone, Once: true,
		Log: slog.New(slog.NewJSONHandler(logs2, nil))})
	if err := w2.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs2.String(), "drift persistent") || strings.Count(logs2.String(), `"msg":"drift resolved"`) != 1 {
		t.Errorf("second watch logged:\n%s", logs2.String())
	}
}

// Snapshot2 returns the cycles so far (for tests).
func (w *Watcher) Snapshot2() []Point {
	_, h, _ := w.Snapshot()
	return h
}

// TestStopFinishesTheScan cancels the watch's context while a scan runs:
// the scan is not cancelled, its lifecycle is saved, and Run returns nil
// without starting another.
func TestStopFinishesTheScan(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	store := openStore(t)
	inner, calls := fakeScans([]diff.Drift{stuck})
	scanning := func(sctx context.Context) (*scan.Result, error) {
		cancel()
		time.Sleep(20 * time.Millisecond)
		if sctx.Err() != nil {
			t.Error("the scan's context was cancelled")
		}
		return inner(sctx)
	}
	w := New(Options{Contract: "accounts", Interval: time.Millisecond, Grace: time.Hour, Store: store, Scan: scanning})
	if err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d scans, want 1", n)
	}
	open, err := store.OpenLifecycles(context.Background(), "accounts")
	if err != nil || len(open) != 1 {
		t.Errorf("stored lifecycles = %v, %v; want the one drift", open, err)
	}
}

// TestNotifierNeverBlocks sends alerts to a receiver that hangs: Send
// returns at once, and a full queue drops alerts with a log line.
func TestNotifierNeverBlocks(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	var logs syncBuffer
	n := &Notifier{URL: srv.URL + "/hook?token=s3cret", Log: slog.New(slog.NewTextHandler(&logs, nil)), Attempts: 1}
	start := time.Now()
	for range 300 {
		n.Send([]byte(`{}`))
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("300 sends took %s", d)
	}
	if !strings.Contains(logs.String(), "queue full") || strings.Contains(logs.String(), "s3cret") {
		t.Errorf("log:\n%s", logs.String())
	}
}
