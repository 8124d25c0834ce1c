//go:build unix

package cmd

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/drift-sh/drift/internal/fifotest"
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
			pipe, got := fifotest.Pipe(t)
			code, _, errs := drift(tc.args(pipe)...)
			if code != ExitOK && code != ExitDrift {
				t.Fatalf("exit %d: %s", code, errs)
			}
			fifotest.StillPipe(t, pipe)
			if s := <-got; !strings.Contains(s, tc.want) {
				t.Errorf("the pipe's reader got %.200q, want %q in it", s, tc.want)
			}
		})
	}
}
