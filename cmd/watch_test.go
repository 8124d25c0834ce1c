package cmd

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lockedBuffer is stderr shared by the watch and the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls until cond holds, or fails after 20s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestWatchSIGTERM runs drift watch as the process does, serving on a free
// loopback port, and sends the process SIGTERM: the watch finishes its
// cycle and exits 0; before that, /readyz turns ready after the first scan.
func TestWatchSIGTERM(t *testing.T) {
	dir := accounts(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var errb lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"drift", "watch", "-c", filepath.Join(dir, "drift.yaml"), "--interval", "50ms", "--listen", addr},
			&IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &errb, Getenv: func(string) (string, bool) { return "", false }, Now: time.Now})
	}()
	waitFor(t, "a second scan", func() bool { return strings.Count(errb.String(), `msg="scan finished"`) >= 2 })
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/readyz = %d after a scan, want 200", resp.StatusCode)
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != ExitOK {
			t.Errorf("watch exited %d after SIGTERM, want 0:\n%s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("watch did not stop after SIGTERM")
	}
	if !strings.Contains(errb.String(), `msg="watch stopped"`) {
		t.Errorf("no 'watch stopped' line:\n%s", errb.String())
	}
}

// TestWatchStoppedWhileStarting: SIGTERM before the first scan (the
// context already cancelled while the state store opens) stops the watch
// with exit 0 and a log line, not a state-store error.
func TestWatchStoppedWhileStarting(t *testing.T) {
	dir := accounts(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errb lockedBuffer
	sio := &IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &errb, Getenv: func(string) (string, bool) { return "", false }, Now: time.Now}
	log, err := buildLogger(&errb, "text", "info")
	if err != nil {
		t.Fatal(err)
	}
	err = runWatch(ctx, WatchOptions{IO: sio, Config: filepath.Join(dir, "drift.yaml"), Interval: time.Second, Repair: "off", Log: log})
	if err == nil {
		t.Fatal("runWatch with a cancelled context returned no error; the test no longer reaches the start-up path")
	}
	if got := stoppedEarly(ctx, log, err); got != nil {
		t.Errorf("a watch stopped while starting = %v, want nil (exit 0)", got)
	}
	if !strings.Contains(errb.String(), "watch stopped before its first scan") {
		t.Errorf("no 'watch stopped before its first scan' line:\n%s", errb.String())
	}
	if got := stoppedEarly(context.Background(), log, err); got == nil {
		t.Error("the same error without a signal was dropped; want it returned")
	}
}
