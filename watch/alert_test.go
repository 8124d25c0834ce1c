package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/drift-sh/drift/internal/tracing"
	"github.com/drift-sh/drift/state"
)

// TestWebhookBodyIsTheLogLine checks SPEC's "a webhook POST of the same
// JSON" as the alert's log line: the same attributes, and inside a traced
// watch cycle the same trace_id and span_id (the cycle's), so that an
// alert received can be found in the traces. Without a span, neither
// carries them.
func TestWebhookBodyIsTheLogLine(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	defer tracing.Use(tp)()
	at := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	e := Event{Type: EventPersistent, Age: 90 * time.Second, Drift: state.Lifecycle{
		Contract: "accounts", DriftID: "d1", Key: []byte(`{"id":7}`), Kind: "missing", Source: "replica",
		RunID: "r1", FirstSeen: at.Add(-90 * time.Second)}}
	traced, span := tracing.Tracer().Start(context.Background(), "watch.cycle")
	defer span.End()
	for _, tt := range []struct {
		name    string
		ctx     context.Context
		traceID string
	}{
		{"traced", traced, span.SpanContext().TraceID().String()},
		{"untraced", context.Background(), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var line bytes.Buffer
			logEvent(tt.ctx, slog.New(tracing.LogHandler(slog.NewJSONHandler(&line, nil))), e)
			var logged, body map[string]any
			if err := json.Unmarshal(line.Bytes(), &logged); err != nil {
				t.Fatalf("log line %q: %v", line.String(), err)
			}
			if err := json.Unmarshal(eventJSON(tt.ctx, e, at), &body); err != nil {
				t.Fatalf("webhook body: %v", err)
			}
			delete(logged, "time")
			if got, want := body["time"], at.Format(time.RFC3339); got != want {
				t.Errorf("body time %v, want %v", got, want)
			}
			delete(body, "time")
			lj, _ := json.Marshal(logged)
			bj, _ := json.Marshal(body)
			if !bytes.Equal(lj, bj) {
				t.Errorf("webhook body\n%s\nis not the log line\n%s", bj, lj)
			}
			if got, _ := body["trace_id"].(string); got != tt.traceID {
				t.Errorf("body trace_id %q, want %q", got, tt.traceID)
			}
			if _, ok := body["span_id"]; ok != (tt.traceID != "") {
				t.Errorf("body span_id present %v, want %v", ok, tt.traceID != "")
			}
		})
	}
}
