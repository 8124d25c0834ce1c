package tracing

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

func TestExporterOptions(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		endpoint string // "" when tracing stays off
		err      string
	}{
		{name: "unset", env: nil},
		{name: "base endpoint", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://localhost:4318/"},
			endpoint: "http://localhost:4318/v1/traces"},
		{name: "traces endpoint wins, used as is",
			env:      map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://b/otlp"},
			endpoint: "https://b/otlp"},
		{name: "sdk disabled", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_SDK_DISABLED": "true"}},
		{name: "exporter none", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_TRACES_EXPORTER": "none"}},
		{name: "other exporter", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_TRACES_EXPORTER": "zipkin"},
			err: "OTEL_TRACES_EXPORTER"},
		{name: "no scheme", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "localhost:4318"},
			err: "OTEL_EXPORTER_OTLP_ENDPOINT"},
		{name: "grpc", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
			err: "http/protobuf"},
		{name: "json", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"},
			endpoint: "http://a:4318/v1/traces"},
		{name: "password hidden", env: map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://u:pw@b/v1/traces"},
			endpoint: "https://u:xxxxx@b/v1/traces"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
			endpoint, _, err := exporterOptions(getenv)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want one naming %s", err, tt.err)
				}
				return
			}
			if err != nil || endpoint != tt.endpoint {
				t.Fatalf("endpoint %q, err %v; want %q", endpoint, err, tt.endpoint)
			}
		})
	}
}

func TestLogHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(LogHandler(slog.NewJSONHandler(&buf, nil))).With("run_id", "r1")
	log.InfoContext(context.Background(), "no span")
	if strings.Contains(buf.String(), "trace_id") {
		t.Errorf("a line without a span has a trace id: %s", buf.String())
	}
	buf.Reset()
	tp := sdktrace.NewTracerProvider()
	ctx, span := tp.Tracer("t").Start(context.Background(), "s")
	log.InfoContext(ctx, "in span")
	span.End()
	want := `"trace_id":"` + span.SpanContext().TraceID().String() + `","span_id":"` + span.SpanContext().SpanID().String() + `"`
	if !strings.Contains(buf.String(), want) || !strings.Contains(buf.String(), `"run_id":"r1"`) {
		t.Errorf("line %s, want run_id and %s", buf.String(), want)
	}
}

// BenchmarkSpanOff is what a span costs when tracing is off: the global
// no-op provider, as every drift command has without an OTLP endpoint.
func BenchmarkSpanOff(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		_, span := Tracer().Start(ctx, "apply.op")
		if span.IsRecording() {
			span.SetAttributes(OpID.String("op"), Source.String("s"), OpOutcome.String("applied"))
		}
		span.End()
	}
}

// BenchmarkSpanOn is the same span recorded by the SDK, with a batching
// processor whose exporter drops everything.
func BenchmarkSpanOn(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(discard{}))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	ctx := context.Background()
	for b.Loop() {
		_, span := tp.Tracer(Name).Start(ctx, "apply.op", trace.WithAttributes(OpID.String("op"), Source.String("s")))
		span.SetAttributes(OpOutcome.String("applied"))
		span.End()
	}
}

type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }
