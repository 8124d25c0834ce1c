package cmd

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// Off a terminal repair writes nothing and points to plan and apply.
func TestRepairNeedsATerminal(t *testing.T) {
	dir := accounts(t)
	code, _, stderr := drift("repair", "-c", filepath.Join(dir, "drift.yaml"))
	if code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	for _, want := range []string{"needs a terminal", "drift plan -o plan.json", "drift apply plan.json --yes"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q does not say %q", stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".drift")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("repair off a terminal created the state folder: %v", err)
	}
}

// On a terminal the session starts, and q ends it without writing.
func TestRepairQuitWritesNothing(t *testing.T) {
	dir := accounts(t)
	replica, _ := os.ReadFile(filepath.Join(dir, "data", "replica.json"))
	var out, errb bytes.Buffer
	sio := &IO{In: strings.NewReader("q"), Out: &out, Err: &errb, InTTY: true, OutTTY: true,
		Getenv: func(string) (string, bool) { return "1", true }, Now: time.Now}
	err := runRepair(t.Context(), RepairOptions{IO: sio, Config: filepath.Join(dir, "drift.yaml")})
	if err != nil {
		t.Fatalf("repair: %v (stderr %s)", err, errb.String())
	}
	if !strings.Contains(errb.String(), "nothing was applied") {
		t.Errorf("stderr %q does not say nothing was applied", errb.String())
	}
	after, _ := os.ReadFile(filepath.Join(dir, "data", "replica.json"))
	if !bytes.Equal(replica, after) {
		t.Error("quitting the session changed the replica")
	}
}

func TestRepairRunExit(t *testing.T) {
	tests := []struct {
		name   string
		res    repair.RunResult
		code   int
		stderr string
	}{
		{"every op applied", repair.RunResult{Status: state.StatusDone, Counts: state.Counts{Applied: 3}}, ExitOK, ""},
		{"a conflict", repair.RunResult{Status: state.StatusDone, Counts: state.Counts{Applied: 2, Conflict: 1}}, ExitDrift, "1 ops skipped"},
		{"a failure", repair.RunResult{Status: state.StatusFailed, Counts: state.Counts{Failed: 1}}, ExitIncomplete, "resume with: drift apply p.json"},
		{"interrupted", repair.RunResult{Status: state.StatusInterrupted}, ExitIncomplete, "resume with: drift apply p.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := runExit(&tc.res, "drift apply p.json")
			if got := ExitCode(err); got != tc.code {
				t.Errorf("exit %d, want %d (%v)", got, tc.code, err)
			}
			if tc.stderr != "" && (err == nil || !strings.Contains(err.Error(), tc.stderr)) {
				t.Errorf("error %v, want it to say %q", err, tc.stderr)
			}
		})
	}
}
