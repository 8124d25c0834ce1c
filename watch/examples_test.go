package watch

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/drift-sh/drift/diff"
)

const observability = "../examples/observability"

// promtool returns the path of promtool; in CI its absence fails the test
// (.ci/run installs it), elsewhere it skips.
func promtool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("promtool is not installed; .ci/run installs Debian's prometheus package")
		}
		t.Skip("promtool is not installed (apt-get install prometheus)")
	}
	return p
}

// scrape returns a watch's /metrics after one scan.
func scrape(t *testing.T) string {
	t.Helper()
	scans, _ := fakeScans([]diff.Drift{stuck, lag, broken})
	m := NewMetrics("accounts", "test")
	w := New(Options{Contract: "accounts", Store: openStore(t), Scan: scans, Once: true, Metrics: m})
	if err := w.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	Handler(w, m, "").ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	b, _ := io.ReadAll(rec.Result().Body)
	return string(b)
}

// TestObservabilityExamples checks that every drift_ metric the example
// alert rules and dashboard use is one the watch exposes.
func TestObservabilityExamples(t *testing.T) {
	declared := map[string]bool{}
	ch := make(chan *prometheus.Desc)
	go func() {
		NewMetrics("accounts", "test").Registry.Describe(ch)
		close(ch)
	}()
	fq := regexp.MustCompile(`fqName: "([a-z_]+)"`)
	for d := range ch {
		if m := fq.FindStringSubmatch(d.String()); m != nil {
			declared[m[1]] = true
		}
	}
	name := regexp.MustCompile(`drift_[a-z_]+`)
	for _, f := range []string{"alerts.yml", "grafana-dashboard.json", "prometheus.yml"} {
		b, err := os.ReadFile(filepath.Join(observability, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range name.FindAllString(string(b), -1) {
			base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(n, "_bucket"), "_count"), "_sum")
			if !declared[base] {
				t.Errorf("%s uses %s, which drift watch does not expose", f, n)
			}
		}
	}
}

// TestPromtool runs promtool over the example config and rules and over a
// scrape of the watch.
func TestPromtool(t *testing.T) {
	tool := promtool(t)
	for _, args := range [][]string{
		{"check", "rules", filepath.Join(observability, "alerts.yml")},
		{"check", "config", filepath.Join(observability, "prometheus.yml")},
	} {
		if out, err := exec.Command(tool, args...).CombinedOutput(); err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	cmd := exec.Command(tool, "check", "metrics")
	cmd.Stdin = strings.NewReader(scrape(t))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}
