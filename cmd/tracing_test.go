package cmd

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// otlpReceiver is an OTLP/HTTP collector in the test: it keeps every span
// drift exports, and every request body as received.
type otlpReceiver struct {
	srv *httptest.Server

	mu       sync.Mutex
	spans    []*tracepb.Span
	bodies   [][]byte
	resource []string // service.name of each resource
}

func newOTLPReceiver(t *testing.T) *otlpReceiver {
	r := &otlpReceiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *otlpReceiver) serve(w http.ResponseWriter, req *http.Request) {
	var body io.Reader = req.Body
	if req.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(req.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body = zr
	}
	b, err := io.ReadAll(body)
	var msg coltracepb.ExportTraceServiceRequest
	if err == nil {
		err = proto.Unmarshal(b, &msg)
	}
	if req.URL.Path != "/v1/traces" || err != nil {
		http.Error(w, "bad export", http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	r.bodies = append(r.bodies, b)
	for _, rs := range msg.ResourceSpans {
		for _, kv := range rs.GetResource().GetAttributes() {
			if kv.Key == "service.name" {
				r.resource = append(r.resource, kv.GetValue().GetStringValue())
			}
		}
		for _, ss := range rs.ScopeSpans {
			r.spans = append(r.spans, ss.Spans...)
		}
	}
	r.mu.Unlock()
	out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(out)
}

// take returns and forgets what was received so far.
func (r *otlpReceiver) take() ([]*tracepb.Span, [][]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, b := r.spans, r.bodies
	r.spans, r.bodies = nil, nil
	return s, b
}

// driftEnv runs drift in-process with env as its whole environment.
func driftEnv(env map[string]string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	getenv := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	code := run(append([]string{"drift"}, args...),
		&IO{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: getenv, Now: time.Now})
	return code, out.String(), errb.String()
}

// spanTree indexes spans by id, for parent lookups.
type spanTree map[string]*tracepb.Span

func treeOf(spans []*tracepb.Span) spanTree {
	t := spanTree{}
	for _, s := range spans {
		t[hex.EncodeToString(s.SpanId)] = s
	}
	return t
}

// parent is the name of s's parent span, "" for a root.
func (t spanTree) parent(s *tracepb.Span) string {
	if len(s.ParentSpanId) == 0 {
		return ""
	}
	if p, ok := t[hex.EncodeToString(s.ParentSpanId)]; ok {
		return p.Name
	}
	return "(missing parent)"
}

// named returns the spans called name.
func named(spans []*tracepb.Span, name string) []*tracepb.Span {
	var out []*tracepb.Span
	for _, s := range spans {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

// attr is a span attribute's value as text.
func attr(s *tracepb.Span, key string) string {
	for _, kv := range s.Attributes {
		if kv.Key == key {
			v := kv.GetValue()
			if v.GetStringValue() != "" {
				return v.GetStringValue()
			}
			b, _ := json.Marshal(v.GetIntValue())
			return string(b)
		}
	}
	return ""
}

// logTraceIDs returns the trace_id of every JSON log line with msg.
func logTraceIDs(t *testing.T, stderr, msg string) []string {
	t.Helper()
	var ids []string
	for _, line := range strings.Split(stderr, "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != msg {
			continue
		}
		id, _ := rec["trace_id"].(string)
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		t.Fatalf("no %q log line in:\n%s", msg, stderr)
	}
	return ids
}

// TestTracingScanPlanApply exports the spans of drift scan, plan and apply
// to an OTLP/HTTP receiver: each command is one trace rooted in "drift
// COMMAND", with scan, a fetch per source and diff, then plan, then apply
// and one apply.op per op; the JSON log lines carry the trace id.
func TestTracingScanPlanApply(t *testing.T) {
	recv := newOTLPReceiver(t)
	env := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": recv.srv.URL}
	cfg := filepath.Join(accounts(t), "drift.yaml")

	code, _, stderr := driftEnv(env, "--log-format", "json", "--log-level", "info", "scan", "-c", cfg, "--no-state")
	if code != ExitDrift {
		t.Fatalf("scan exit %d, want 1:\n%s", code, stderr)
	}
	spans, _ := recv.take()
	tree := treeOf(spans)
	root := named(spans, "drift scan")
	if len(root) != 1 || tree.parent(root[0]) != "" {
		t.Fatalf("want one root span \"drift scan\", got %d in %v", len(root), spanNames(spans))
	}
	if got := attr(root[0], "drift.exit_code"); got != "1" {
		t.Errorf("drift scan span exit code %q, want 1", got)
	}
	wantParents(t, tree, spans, map[string]string{"scan": "drift scan", "fetch": "scan", "diff": "scan"})
	fetched := map[string]string{}
	for _, s := range named(spans, "fetch") {
		fetched[attr(s, "drift.source")] = attr(s, "drift.source.type")
	}
	if want := map[string]string{"primary": "sqlite", "replica": "file", "cache": "file"}; !equalMaps(fetched, want) {
		t.Errorf("fetch spans by source: %v, want %v", fetched, want)
	}
	traceID := hex.EncodeToString(root[0].TraceId)
	for _, id := range logTraceIDs(t, stderr, "scan finished") {
		if id != traceID {
			t.Errorf("scan finished logged trace_id %q, exported trace %s", id, traceID)
		}
	}
	if recv.resource[0] != "drift" {
		t.Errorf("resource service.name %q, want drift", recv.resource[0])
	}

	plan := filepath.Join(t.TempDir(), "plan.json")
	if code, _, stderr := driftEnv(env, "plan", "-c", cfg, "-o", plan); code != ExitOK {
		t.Fatalf("plan exit %d:\n%s", code, stderr)
	}
	spans, _ = recv.take()
	wantParents(t, treeOf(spans), spans, map[string]string{"drift plan": "", "scan": "drift plan", "plan": "drift plan"})

	code, stdout, stderr := driftEnv(env, "--log-format", "json", "--log-level", "info", "apply", "--yes", "--format", "json", plan)
	if code != ExitOK {
		t.Fatalf("apply exit %d:\n%s", code, stderr)
	}
	spans, _ = recv.take()
	tree = treeOf(spans)
	wantParents(t, tree, spans, map[string]string{"drift apply": "", "apply": "drift apply", "apply.op": "apply"})
	ops := named(spans, "apply.op")
	if len(ops) == 0 {
		t.Fatal("no apply.op span")
	}
	for _, op := range ops {
		if attr(op, "drift.op.id") == "" || attr(op, "drift.source") == "" || attr(op, "drift.op.outcome") != "applied" {
			t.Errorf("apply.op span attributes %v: want op id, source and outcome applied", op.Attributes)
		}
	}
	traceID = hex.EncodeToString(named(spans, "drift apply")[0].TraceId)
	for _, id := range logTraceIDs(t, stderr, "run finished") {
		if id != traceID {
			t.Errorf("run finished logged trace_id %q, exported trace %s", id, traceID)
		}
	}

	var run struct {
		RunID string `json:"run_id"`
	}
	if err := json.Unmarshal([]byte(stdout), &run); err != nil || run.RunID == "" {
		t.Fatalf("apply JSON %q: %v", stdout, err)
	}
	if code, _, stderr := driftEnv(env, "rollback", "--yes", "-c", cfg, run.RunID); code != ExitOK {
		t.Fatalf("rollback exit %d:\n%s", code, stderr)
	}
	spans, _ = recv.take()
	wantParents(t, treeOf(spans), spans, map[string]string{"drift rollback": "", "rollback": "drift rollback", "apply.op": "rollback"})
}

// TestTracingWatch runs one watch cycle: its trace is rooted in
// watch.cycle, with the scan and its fetches inside.
func TestTracingWatch(t *testing.T) {
	recv := newOTLPReceiver(t)
	env := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": recv.srv.URL}
	cfg := filepath.Join(accounts(t), "drift.yaml")
	if code, _, stderr := driftEnv(env, "watch", "--once", "-c", cfg); code != ExitOK {
		t.Fatalf("watch --once exit %d:\n%s", code, stderr)
	}
	spans, _ := recv.take()
	wantParents(t, treeOf(spans), spans, map[string]string{"watch.cycle": "", "scan": "watch.cycle", "fetch": "scan"})
	if got := named(spans, "drift watch"); len(got) > 0 {
		t.Errorf("drift watch is a span of its own; want a trace per cycle only")
	}
}

// wantParents checks that every span named as a key exists and has the
// named parent ("" for a root).
func wantParents(t *testing.T, tree spanTree, spans []*tracepb.Span, want map[string]string) {
	t.Helper()
	for name, parent := range want {
		got := named(spans, name)
		if len(got) == 0 {
			t.Errorf("no %q span in %v", name, spanNames(spans))
		}
		for _, s := range got {
			if p := tree.parent(s); p != parent {
				t.Errorf("span %q has parent %q, want %q", name, p, parent)
			}
		}
	}
}

func spanNames(spans []*tracepb.Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name)
	}
	return out
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestTracingOff runs a scan without an OTLP endpoint: nothing reaches the
// receiver, and no log line carries a trace id.
func TestTracingOff(t *testing.T) {
	recv := newOTLPReceiver(t)
	cfg := filepath.Join(accounts(t), "drift.yaml")
	env := map[string]string{"OTEL_EXPORTER_OTLP_HEADERS": "x=y"}
	code, _, stderr := driftEnv(env, "--log-format", "json", "--log-level", "info", "scan", "-c", cfg, "--no-state")
	if code != ExitDrift {
		t.Fatalf("scan exit %d:\n%s", code, stderr)
	}
	if strings.Contains(stderr, "trace_id") {
		t.Errorf("a log line has a trace_id with tracing off:\n%s", stderr)
	}
	if spans, bodies := recv.take(); len(bodies) > 0 {
		t.Errorf("%d exports (%d spans) with tracing off", len(bodies), len(spans))
	}
	env = map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": recv.srv.URL, "OTEL_SDK_DISABLED": "true"}
	if code, _, stderr := driftEnv(env, "scan", "-c", cfg, "--no-state"); code != ExitDrift {
		t.Fatalf("scan exit %d:\n%s", code, stderr)
	}
	if _, bodies := recv.take(); len(bodies) > 0 {
		t.Errorf("%d exports with OTEL_SDK_DISABLED=true", len(bodies))
	}
}

// TestTracingBadEndpoint refuses an endpoint that is not an HTTP URL,
// naming the variable, before doing anything.
func TestTracingBadEndpoint(t *testing.T) {
	env := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "localhost:4317"}
	code, _, stderr := driftEnv(env, "validate", "-c", filepath.Join(accounts(t), "drift.yaml"))
	if code != ExitUsage || !strings.Contains(stderr, "OTEL_EXPORTER_OTLP_ENDPOINT") {
		t.Errorf("exit %d, stderr %q: want exit 2 naming OTEL_EXPORTER_OTLP_ENDPOINT", code, stderr)
	}
}

// TestTracingNoSecrets scans a PostgreSQL source whose DSN holds a
// password and cannot be reached: its fetch span is an error, and the
// password is nowhere in what was exported.
func TestTracingNoSecrets(t *testing.T) {
	const password = "tr4ceS3cretPw"
	dir := t.TempDir()
	config := `version: 1
contract:
  name: accounts
  key: id
  fields:
    id: {type: int}
    email: {type: string}
sources:
  local: {type: file, path: local.csv}
  primary:
    type: postgres
    dsn: "postgres://drift:` + password + `@127.0.0.1:1/test?sslmode=disable"
    table: accounts
    timeout: 1s
`
	if err := os.WriteFile(filepath.Join(dir, "drift.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "local.csv"), []byte("id,email\n1,a@x.io\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	recv := newOTLPReceiver(t)
	env := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": recv.srv.URL}
	code, _, stderr := driftEnv(env, "--log-format", "json", "--log-level", "debug", "scan", "-c", filepath.Join(dir, "drift.yaml"), "--no-state")
	if code != ExitIncomplete {
		t.Fatalf("scan exit %d, want 3:\n%s", code, stderr)
	}
	spans, bodies := recv.take()
	for _, b := range bodies {
		if bytes.Contains(b, []byte(password)) {
			t.Errorf("the password was exported in a span")
		}
	}
	var failed bool
	for _, s := range named(spans, "fetch") {
		if attr(s, "drift.source") == "primary" {
			failed = s.GetStatus().GetCode() == tracepb.Status_STATUS_CODE_ERROR
		}
	}
	if !failed {
		t.Errorf("the fetch span of the unreachable source is not an error: %v", spans)
	}
}
