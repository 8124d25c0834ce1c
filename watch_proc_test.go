package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// watchProc is a drift watch process serving on a free loopback port.
type watchProc struct {
	cmd  *exec.Cmd
	addr string
	mu   sync.Mutex
	log  []map[string]any // its JSON log lines
}

// startWatch starts `drift --log-format json watch -c cfg --listen
// 127.0.0.1:0 args...` and waits for its address and its first scan; the
// process gets SIGTERM when the test ends and must exit 0.
func startWatch(t *testing.T, cfg string, args ...string) *watchProc {
	t.Helper()
	args = append([]string{"--log-format", "json", "watch", "-c", cfg, "--listen", "127.0.0.1:0"}, args...)
	w := &watchProc{cmd: exec.Command("drift", args...)}
	stderr, err := w.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	done := make(chan struct{})
	go w.readLog(stderr, addr, done)
	t.Cleanup(func() {
		_ = w.cmd.Process.Signal(syscall.SIGTERM)
		<-done
		if err := w.cmd.Wait(); err != nil {
			t.Errorf("drift watch after SIGTERM: %v", err)
		}
	})
	select {
	case w.addr = <-addr:
	case <-time.After(20 * time.Second):
		t.Fatalf("drift watch did not start serving:\n%s", w.logText())
	}
	eventually(t, 20*time.Second, "the first scan", func() bool {
		resp, err := http.Get("http://" + w.addr + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return w
}

// readLog keeps the watch's JSON log lines and sends its listen address.
func (w *watchProc) readLog(r io.Reader, addr chan<- string, done chan<- struct{}) {
	defer close(done)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var line map[string]any
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			line = map[string]any{"msg": sc.Text()}
		}
		w.mu.Lock()
		w.log = append(w.log, line)
		w.mu.Unlock()
		if line["msg"] == "serving metrics" {
			addr <- fmt.Sprint(line["addr"])
		}
	}
}

// lines returns the log lines whose msg is msg.
func (w *watchProc) lines(msg string) []map[string]any {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []map[string]any
	for _, l := range w.log {
		if l["msg"] == msg {
			out = append(out, l)
		}
	}
	return out
}

func (w *watchProc) logText() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var b strings.Builder
	for _, l := range w.log {
		j, _ := json.Marshal(l)
		b.Write(append(j, '\n'))
	}
	return b.String()
}

// metric sums the samples of a metric on the watch's /metrics whose
// series name is exactly name (labels ignored).
func (w *watchProc) metric(t *testing.T, name string) float64 {
	t.Helper()
	resp, err := http.Get("http://" + w.addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sum := 0.0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
		if err != nil {
			t.Fatalf("/metrics line %q: %v", line, err)
		}
		sum += v
	}
	return sum
}

// eventually polls cond every 50ms until it holds, or fails after limit.
func eventually(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out after %s waiting for %s", limit, what)
}

// freeAddr returns a loopback address with a port free at the time.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// writeAtomic replaces a file whole, as a replica's exporter would, so a
// scan never reads half of it.
func writeAtomic(t *testing.T, path, data string) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Error(err)
		return
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Error(err)
	}
}

// pairContract writes a contract over two CSV files, primary.csv (the
// authority) and replica.csv, keyed by id with one value field, and
// returns its path.
func pairContract(t *testing.T, dir string) string {
	t.Helper()
	cfg := filepath.Join(dir, "drift.yaml")
	const yaml = `version: 1
contract:
  name: pair
  key: id
  fields:
    id: {type: int}
    value: {type: string}
  resolve: {authority: primary}
sources:
  primary: {type: file, path: primary.csv}
  replica: {type: file, path: replica.csv}
`
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// rows is a CSV of ids 1..n, each with the value value(id).
func rows(n int, value func(id int) string) string {
	var b strings.Builder
	b.WriteString("id,value\n")
	for id := 1; id <= n; id++ {
		fmt.Fprintf(&b, "%d,%s\n", id, value(id))
	}
	return b.String()
}
