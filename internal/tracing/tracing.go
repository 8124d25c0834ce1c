// Package tracing turns on OpenTelemetry tracing when the standard OTLP
// environment variables ask for it, and names the spans and attributes the
// rest of drift records. Packages below the commands start their spans
// with Tracer, from the global provider: when tracing is off that is
// OpenTelemetry's no-op provider, so a span costs a few nanoseconds and
// nothing leaves the process.
package tracing

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// Name is the instrumentation scope of every drift span.
const Name = "github.com/drift-sh/drift"

// Tracer is drift's tracer: the exporting one between Start and its stop,
// else OpenTelemetry's no-op tracer, whose spans cost tens of nanoseconds.
func Tracer() trace.Tracer { return current.Load().Tracer }

// current holds the tracer Tracer returns. It is drift's own rather than
// otel.Tracer's: the global provider hands its tracers to the first
// provider ever installed, which a second Start in the same process (a
// test) must not inherit.
var current atomic.Pointer[struct{ trace.Tracer }]

func init() { setTracer(noop.NewTracerProvider()) }

func setTracer(tp trace.TracerProvider) {
	current.Store(&struct{ trace.Tracer }{tp.Tracer(Name)})
}

// Attribute keys of drift's spans. No key, value, DSN or URL of a source
// is ever an attribute: a trace may be kept where the data may not.
const (
	RunID        = attribute.Key("drift.run_id")
	PlanID       = attribute.Key("drift.plan_id")
	RunKind      = attribute.Key("drift.run.kind")
	Source       = attribute.Key("drift.source")
	SourceType   = attribute.Key("drift.source.type")
	Records      = attribute.Key("drift.records")
	Sources      = attribute.Key("drift.sources")
	Drifts       = attribute.Key("drift.drifts")
	Keys         = attribute.Key("drift.keys")
	Ops          = attribute.Key("drift.ops")
	Manual       = attribute.Key("drift.manual")
	OpID         = attribute.Key("drift.op.id")
	OpAction     = attribute.Key("drift.op.action")
	OpOutcome    = attribute.Key("drift.op.outcome")
	OpResumed    = attribute.Key("drift.op.resumed")
	ExitCode     = attribute.Key("drift.exit_code")
	JobID        = attribute.Key("drift.job.id")
	JobAttempt   = attribute.Key("drift.job.attempt")
	JobOutcome   = attribute.Key("drift.job.outcome")
	FailedSource = attribute.Key("drift.sources.failed")
)

// Config is what Start needs: the environment, and where the SDK's own
// errors (an unreachable collector) go.
type Config struct {
	Getenv  func(string) (string, bool)
	Version string
	OnError func(error)
}

// shutdownTimeout bounds the flush at the end of a command, so that an
// unreachable collector delays drift by at most this long.
const shutdownTimeout = 5 * time.Second

// Start installs a tracer provider exporting over OTLP/HTTP when
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT is set
// (and neither OTEL_SDK_DISABLED=true nor OTEL_TRACES_EXPORTER=none says
// otherwise). stop flushes the spans and puts the no-op provider back.
// Without an endpoint Start does nothing and stop is a no-op. An endpoint
// or protocol drift cannot use is an error naming the variable.
func Start(ctx context.Context, cfg Config) (stop func(), err error) {
	endpoint, opts, err := exporterOptions(cfg.Getenv)
	if err != nil || endpoint == "" {
		return func() {}, err
	}
	exp, err := otlptracehttp.New(ctx, opts...)
	if err != nil {
		return func() {}, fmt.Errorf("tracing: OTLP exporter for %s: %w", endpoint, err)
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", "drift"), attribute.String("service.version", cfg.Version)),
		resource.WithFromEnv(), resource.WithTelemetrySDK(), resource.WithHost())
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		return func() {}, fmt.Errorf("tracing: resource from OTEL_RESOURCE_ATTRIBUTES: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	if cfg.OnError != nil {
		otel.SetErrorHandler(otel.ErrorHandlerFunc(cfg.OnError))
	}
	otel.SetTracerProvider(tp)
	setTracer(tp)
	otel.SetTextMapPropagator(propagation.TraceContext{})
	return func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
		defer cancel()
		if err := tp.Shutdown(sctx); err != nil && cfg.OnError != nil {
			cfg.OnError(fmt.Errorf("flushing spans to %s: %w", endpoint, err))
		}
		setTracer(noop.NewTracerProvider())
		otel.SetTracerProvider(noop.NewTracerProvider())
	}, nil
}

// exporterOptions reads the environment: the traces endpoint (empty when
// tracing is off) and the exporter's options for it. Headers, timeout,
// compression and certificates the exporter reads from the environment
// itself.
func exporterOptions(getenv func(string) (string, bool)) (string, []otlptracehttp.Option, error) {
	env := func(k string) string {
		if v, ok := getenv(k); ok {
			return strings.TrimSpace(v)
		}
		return ""
	}
	if strings.EqualFold(env("OTEL_SDK_DISABLED"), "true") {
		return "", nil, nil
	}
	switch e := env("OTEL_TRACES_EXPORTER"); e {
	case "", "otlp":
	case "none":
		return "", nil, nil
	default:
		return "", nil, fmt.Errorf("OTEL_TRACES_EXPORTER=%q: drift exports traces over OTLP only; use otlp or none", e)
	}
	endpoint, name := env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
	if endpoint == "" {
		if base := env("OTEL_EXPORTER_OTLP_ENDPOINT"); base != "" {
			endpoint, name = strings.TrimRight(base, "/")+"/v1/traces", "OTEL_EXPORTER_OTLP_ENDPOINT"
		}
	}
	if endpoint == "" {
		return "", nil, nil
	}
	if u, err := url.Parse(endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", nil, fmt.Errorf("%s: %q is not an http:// or https:// URL; use the collector's OTLP/HTTP address, like http://localhost:4318", name, redactURL(endpoint))
	}
	opts := []otlptracehttp.Option{otlptracehttp.WithEndpointURL(endpoint)}
	proto := env("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
	if proto == "" {
		proto = env("OTEL_EXPORTER_OTLP_PROTOCOL")
	}
	switch proto {
	case "", "http/protobuf":
	case "http/json":
		opts = append(opts, otlptracehttp.WithEncoding(otlptracehttp.EncodingJSON))
	default:
		return "", nil, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL=%q: drift exports OTLP over HTTP; use http/protobuf (or http/json) and the collector's HTTP port (4318)", proto)
	}
	return redactURL(endpoint), opts, nil
}

// redactURL hides a password in an endpoint, for messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil && strings.Contains(s, "@"):
		return "…@" + s[strings.LastIndex(s, "@")+1:]
	case err != nil || u.User == nil:
		return s
	}
	return u.Redacted()
}

// Use makes tp the provider of drift's spans until restore is called, for
// tests that read spans back from an in-memory exporter. Such a test must
// not run in parallel with others that make spans.
func Use(tp trace.TracerProvider) (restore func()) {
	prev := current.Load()
	setTracer(tp)
	return func() { current.Store(prev) }
}
