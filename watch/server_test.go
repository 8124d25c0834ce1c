package watch

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/drift-sh/drift/diff"
)

func get(t *testing.T, h http.Handler, path, auth string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(b)
}

func TestHandler(t *testing.T) {
	scans, _ := fakeScans([]diff.Drift{stuck, lag})
	m := NewMetrics("accounts", "test")
	w := New(Options{Contract: "accounts", Store: openStore(t), Scan: scans, Once: true, Metrics: m})
	h := Handler(w, m, "s3cret")
	if code, _ := get(t, h, "/readyz", ""); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz before the first scan = %d, want 503", code)
	}
	if err := w.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, auth string
		code             int
		has, hasNot      string
	}{
		{"healthz", "/healthz", "", 200, "ok", ""},
		{"ready after a scan", "/readyz", "", 200, "ready", ""},
		{"page without the token", "/", "", 401, "unauthorized", "stuck"},
		{"page with a wrong token", "/", "Bearer nope", 401, "unauthorized", "s3cret"},
		{"page with the token", "/", "Bearer s3cret", 200, `&#34;stuck&#34;`, ""},
		{"page charts", "/", "Bearer s3cret", 200, `<svg class="chart"`, "<script"},
		{"metrics without a token, and no keys", "/metrics", "", 200, `drift_open{class="persistent",contract="accounts",field="",kind="missing",source="replica"} 1`, "stuck"},
		{"build info", "/metrics", "", 200, `drift_build_info{goversion=`, ""},
		{"go collector", "/metrics", "", 200, "go_goroutines", ""},
		{"unknown path", "/nope", "", 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := get(t, h, tt.path, tt.auth)
			if code != tt.code {
				t.Errorf("%s = %d, want %d:\n%s", tt.path, code, tt.code, body)
			}
			if !strings.Contains(body, tt.has) {
				t.Errorf("%s lacks %q:\n%s", tt.path, tt.has, body)
			}
			if tt.hasNot != "" && strings.Contains(body, tt.hasNot) {
				t.Errorf("%s holds %q:\n%s", tt.path, tt.hasNot, body)
			}
		})
	}
}

// TestMetricsLint checks the exposition with the client's linter (names,
// units, help texts) and the labels of every drift_ metric against SPEC.
func TestMetricsLint(t *testing.T) {
	scans, _ := fakeScans([]diff.Drift{stuck, lag, broken})
	m := NewMetrics("accounts", "test")
	w := New(Options{Contract: "accounts", Store: openStore(t), Scan: scans, Once: true, Metrics: m})
	if err := w.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	problems, err := testutil.GatherAndLint(m.Registry)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if strings.HasPrefix(p.Metric, "drift_") {
			t.Errorf("lint: %s: %s", p.Metric, p.Text)
		}
	}
	want := map[string][]string{
		"drift_open":                        {"class", "contract", "field", "kind", "source"},
		"drift_oldest_age_seconds":          {"class", "contract"},
		"drift_alerts_total":                {"contract", "kind"},
		"drift_scan_duration_seconds":       {"contract"},
		"drift_source_records":              {"contract", "source"},
		"drift_source_up":                   {"contract", "source"},
		"drift_last_scan_timestamp_seconds": {"contract"},
	}
	mfs, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		labels, ok := want[mf.GetName()]
		if !ok {
			continue
		}
		delete(want, mf.GetName())
		var got []string
		for _, lp := range mf.GetMetric()[0].GetLabel() {
			got = append(got, lp.GetName())
		}
		if strings.Join(got, ",") != strings.Join(labels, ",") {
			t.Errorf("%s labels = %v, want %v", mf.GetName(), got, labels)
		}
	}
	for name := range want {
		t.Errorf("%s not exposed", name)
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:9464": true, "[::1]:9464": true, "localhost:9464": true, "127.1.2.3:80": true,
		"0.0.0.0:9464": false, ":9464": false, "10.0.0.5:9464": false, "example.com:9464": false,
	} {
		got, err := IsLoopback(addr)
		if err != nil || got != want {
			t.Errorf("IsLoopback(%q) = %v, %v; want %v", addr, got, err, want)
		}
	}
	if _, err := IsLoopback("9464"); err == nil {
		t.Error("IsLoopback(\"9464\") gave no error")
	}
}
