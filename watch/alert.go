package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/drift-sh/drift/internal/tracing"
)

// alertAttrs are an event's attributes, the same in the log line and the
// webhook body.
func alertAttrs(e Event) []slog.Attr {
	l := e.Drift
	return []slog.Attr{
		slog.String("drift_id", l.DriftID),
		slog.Any("key", rawJSON(l.Key)),
		slog.String("kind", l.Kind),
		slog.String("source", l.Source),
		slog.String("field", l.Field),
		slog.String("rule", l.Rule),
		slog.String("age", roundAge(e.Age).String()),
		slog.Float64("age_seconds", e.Age.Seconds()),
		slog.String("contract", l.Contract),
		slog.String("run_id", l.RunID),
		slog.Time("first_seen", l.FirstSeen),
	}
}

// rawJSON logs as its JSON text in a JSON log, and as that text in a text log.
type rawJSON []byte

// MarshalJSON writes the JSON as it is.
func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }

// String is the JSON text.
func (r rawJSON) String() string { return string(r) }

// alertLevel is an event's log level: a persistent drift is a warning; its
// end is news.
func alertLevel(t EventType) slog.Level {
	if t == EventPersistent {
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

// logEvent writes an event's one log line.
func logEvent(ctx context.Context, log *slog.Logger, e Event) {
	log.LogAttrs(ctx, alertLevel(e.Type), string(e.Type), alertAttrs(e)...)
}

// eventJSON is an event as one JSON object, as the JSON log writes it:
// with the trace_id and span_id of the watch cycle when tracing is on.
func eventJSON(ctx context.Context, e Event, now time.Time) []byte {
	var buf bytes.Buffer
	h := tracing.LogHandler(slog.NewJSONHandler(&buf, nil))
	r := slog.NewRecord(now, alertLevel(e.Type), string(e.Type), 0)
	r.AddAttrs(alertAttrs(e)...)
	_ = h.Handle(ctx, r)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// Notifier POSTs alerts to a webhook from its own goroutine, each retried
// with exponential backoff, so that a slow or failing receiver never holds
// up a scan. Alerts beyond its queue are dropped, with a log line.
type Notifier struct {
	URL    string
	Client *http.Client
	Log    *slog.Logger
	// Attempts per alert (default 5) and the first backoff (default 1s),
	// doubled after each failure.
	Attempts int
	Backoff  time.Duration

	once  sync.Once
	queue chan []byte
	done  chan struct{}
}

func (n *Notifier) start() {
	n.once.Do(func() {
		if n.Client == nil {
			n.Client = &http.Client{Timeout: 10 * time.Second}
		}
		if n.Attempts <= 0 {
			n.Attempts = 5
		}
		if n.Backoff <= 0 {
			n.Backoff = time.Second
		}
		n.queue = make(chan []byte, 256)
		n.done = make(chan struct{})
		go n.loop()
	})
}

// Send queues one alert body; it never blocks.
func (n *Notifier) Send(body []byte) {
	n.start()
	select {
	case n.queue <- body:
	default:
		n.Log.Error("alert webhook queue full; alert dropped", "url", shownURL(n.URL))
	}
}

// Close stops taking alerts and waits, until ctx is done, for the queued
// ones to be sent.
func (n *Notifier) Close(ctx context.Context) {
	n.start()
	close(n.queue)
	select {
	case <-n.done:
	case <-ctx.Done():
	}
}

func (n *Notifier) loop() {
	defer close(n.done)
	for body := range n.queue {
		n.deliver(body)
	}
}

// deliver POSTs one body until it is accepted (2xx) or the attempts run out.
func (n *Notifier) deliver(body []byte) {
	wait := n.Backoff
	var err error
	for i := 1; i <= n.Attempts; i++ {
		if err = n.post(body); err == nil {
			return
		}
		if i < n.Attempts {
			time.Sleep(wait)
			wait *= 2
		}
	}
	n.Log.Error("alert webhook failed; alert dropped", "url", shownURL(n.URL), "attempts", n.Attempts, "error", err.Error())
}

func (n *Notifier) post(body []byte) error {
	resp, err := n.Client.Post(n.URL, "application/json", bytes.NewReader(body))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			return ue.Err // without the URL, which may carry a token
		}
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}

// shownURL is a webhook URL as logs show it: scheme, host and path, without
// credentials or query, which may carry a token.
func shownURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Scheme + "://" + u.Host + u.Path
}

// roundAge keeps milliseconds under a minute, and whole seconds above.
func roundAge(d time.Duration) time.Duration {
	if d < time.Minute {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
}
