package cmd

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWorkerMetrics runs drift worker --listen on a free loopback port
// over the accounts example's queue: /metrics counts the jobs written,
// their latency, and the queue's jobs by state; SIGTERM stops it, exit 0.
func TestWorkerMetrics(t *testing.T) {
	dir := accounts(t)
	config := filepath.Join(dir, "drift.yaml")
	if code, _, errs := drift("scan", "-c", config, "--enqueue"); code != ExitDrift {
		t.Fatalf("scan --enqueue exited %d:\n%s", code, errs)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var errb lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"drift", "worker", "-c", config, "--listen", addr},
			&IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &errb, Getenv: func(string) (string, bool) { return "", false }, Now: time.Now})
	}()
	var metrics string
	waitFor(t, "7 jobs completed in /metrics", func() bool {
		metrics = scrape(addr)
		return strings.Contains(metrics, `drift_queue_jobs{contract="accounts",state="completed"} 7`)
	})
	for _, want := range []string{
		`drift_queue_jobs_processed_total{contract="accounts",outcome="written"} 7`,
		`drift_queue_jobs_processed_total{contract="accounts",outcome="retried"} 0`,
		`drift_queue_job_latency_seconds_count{contract="accounts",outcome="written"} 7`,
		`drift_queue_jobs{contract="accounts",state="available"} 0`,
		`go_goroutines `,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, metrics)
		}
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != ExitOK {
			t.Errorf("worker exited %d after SIGTERM, want 0:\n%s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("worker did not stop after SIGTERM")
	}
	if !strings.Contains(errb.String(), "serving /metrics on "+addr) {
		t.Errorf("no 'serving /metrics' line:\n%s", errb.String())
	}
}

// scrape is /metrics on addr, or "" while it cannot be read.
func scrape(addr string) string {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestWorkerListenUsage: a --listen that is not host:port is refused
// before anything is opened.
func TestWorkerListenUsage(t *testing.T) {
	code, _, errs := drift("worker", "-c", filepath.Join(accounts(t), "drift.yaml"), "--listen", "nope")
	if code != ExitUsage || !strings.Contains(errs, `--listen "nope": use host:port`) {
		t.Errorf("exit %d, stderr %q; want usage error naming --listen", code, errs)
	}
}
