package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// prometheusBin returns the path of Debian's prometheus; in CI its absence
// fails the test (.ci/run installs it), elsewhere it skips.
func prometheusBin(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("prometheus")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("prometheus is not installed; .ci/run installs Debian's prometheus package")
		}
		t.Skip("prometheus is not installed (apt-get install prometheus)")
	}
	return p
}

// TestWatchScrapedByPrometheus runs drift watch over a replica with four
// drifted rows and a real Prometheus server scraping it every second, and
// reads drift_open back through Prometheus's query API.
func TestWatchScrapedByPrometheus(t *testing.T) {
	bin := prometheusBin(t)
	dir := t.TempDir()
	cfg := pairContract(t, dir)
	writeAtomic(t, filepath.Join(dir, "primary.csv"), rows(6, func(int) string { return "v1" }))
	writeAtomic(t, filepath.Join(dir, "replica.csv"), rows(6, func(id int) string {
		if id <= 4 {
			return "v0"
		}
		return "v1"
	}))
	w := startWatch(t, cfg, "--interval", "1s")

	prom := startPrometheus(t, bin, w.addr)
	query := `sum(drift_open{contract="pair",job="drift"})`
	var got string
	eventually(t, 20*time.Second, "Prometheus to answer "+query, func() bool {
		got = promQuery(prom, query)
		return got == "4"
	})
	if up := promQuery(prom, `up{job="drift"}`); up != "1" {
		t.Errorf(`up{job="drift"} = %q, want 1`, up)
	}
}

// startPrometheus runs prometheus scraping target every second, with its
// storage in a temporary directory, and returns its address.
func startPrometheus(t *testing.T, bin, target string) string {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "prometheus.yml")
	yml := "global: {scrape_interval: 1s, evaluation_interval: 1s}\n" +
		"scrape_configs:\n  - job_name: drift\n    static_configs: [{targets: ['" + target + "']}]\n"
	if err := os.WriteFile(conf, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cmd := exec.Command(bin, "--config.file="+conf, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn")
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("prometheus:\n%s", stderr.String())
		}
	})
	return addr
}

// promQuery runs an instant query and returns the first sample's value,
// or "" when there is none (yet).
func promQuery(addr, query string) string {
	resp, err := http.Get("http://" + addr + "/api/v1/query?query=" + url.QueryEscape(query))
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var body struct {
		Status string
		Data   struct {
			Result []struct {
				Value [2]any
			}
		}
	}
	if json.NewDecoder(resp.Body).Decode(&body) != nil || body.Status != "success" || len(body.Data.Result) == 0 {
		return ""
	}
	v, _ := body.Data.Result[0].Value[1].(string)
	return v
}
