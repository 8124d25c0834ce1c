package queue

import (
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/drift-sh/drift/internal/tracing"
)

// TestJobTrace works one job with spans recorded: the job is the root
// span, queue.job, with its plan and the writes of its run inside.
func TestJobTrace(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	defer tracing.Use(tp)()
	f := newFixture(t, csv("k1,1,x", "k2,2,y"), csv("k1,1,x", "k2,20,y"))
	q := f.openQueue(t, "")
	jobs := f.jobs(t)
	if _, out := work(t, f.handler(t, q), jobs[0]); out.Outcome != OutcomeWritten {
		t.Fatalf("outcome %q, want written", out.Outcome)
	}
	spans := exp.GetSpans()
	byID := map[string]string{}
	for _, s := range spans {
		byID[s.SpanContext.SpanID().String()] = s.Name
	}
	parent := map[string]string{}
	for _, s := range spans {
		parent[s.Name] = byID[s.Parent.SpanID().String()]
	}
	for name, want := range map[string]string{"queue.job": "", "plan": "queue.job", "apply.op": "*"} {
		got, ok := parent[name]
		if !ok || (want != "*" && got != want) {
			t.Errorf("span %q: parent %q (present %v), want %q; spans %v", name, got, ok, want, parent)
		}
	}
	for _, s := range spans {
		if s.Name != "queue.job" {
			continue
		}
		for _, kv := range s.Attributes {
			if kv.Key == tracing.JobOutcome && kv.Value.AsString() != OutcomeWritten {
				t.Errorf("queue.job outcome %q, want written", kv.Value.AsString())
			}
		}
	}
}
