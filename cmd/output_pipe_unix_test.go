//go:build unix

package cmd

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOutputsToANamedPipe: -o, plan -o and --metrics-file to a path that
// is not a regular file (a named pipe here, /dev/null or /dev/stdout
// alike) write into it, and leave it what it was: a file renamed over
// /dev/null would replace the device.
func TestOutputsToANamedPipe(t *testing.T) {
	cfg := filepath.Join(accounts(t), "drift.yaml")
	for _, tc := range []struct {
		name, want string
		args       func(pipe string) []string
	}{
		{"scan -o", `"schema": "drift.report/v1"`, func(p string) []string {
			return []string{"scan", "-c", cfg, "--no-state", "--format", "json", "-o", p}
		}},
		{"scan --metrics-file", "drift_open", func(p string) []string {
			return []string{"scan", "-c", cfg, "--no-state", "--metrics-file", p}
		}},
		{"plan -o", `"schema": "drift.plan/v1"`, func(p string) []string {
			return []string{"plan", "-c", cfg, "-o", p}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pipe := filepath.Join(t.TempDir(), "pipe")
			if err := syscall.Mkfifo(pipe, 0o600); err != nil {
				t.Skipf("no named pipes here: %v", err)
			}
			got := make(chan string, 1)
			go func() {
				f, err := os.Open(pipe)
				if err != nil {
					got <- err.Error()
					return
				}
				defer f.Close()
				b, _ := io.ReadAll(f)
				got <- string(b)
			}()
			code, _, errs := drift(tc.args(pipe)...)
			if code != ExitOK && code != ExitDrift {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if info, err := os.Lstat(pipe); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
				t.Fatalf("after the write the path is %v (%v), want the named pipe still", info.Mode(), err)
			}
			if s := <-got; !strings.Contains(s, tc.want) {
				t.Errorf("the pipe's reader got %.200q, want %q in it", s, tc.want)
			}
		})
	}
}
