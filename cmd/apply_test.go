package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/drift-sh/drift/internal/examplecopy"
)

// accounts copies examples/accounts into a temporary folder, without the
// state a run in the example left there.
func accounts(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := examplecopy.Copy(dir, "../examples/accounts"); err != nil {
		t.Fatal(err)
	}
	return dir
}

func drift(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Main(append([]string{"drift"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestPlanApplyExitCodes follows SPEC's exit code table for plan, apply
// and rollback.
func TestPlanApplyExitCodes(t *testing.T) {
	dir := accounts(t)
	cfg := filepath.Join(dir, "drift.yaml")
	plan := filepath.Join(dir, "plan.json")
	steps := []struct {
		name   string
		args   []string
		edit   func()
		code   int
		stderr string
	}{
		{name: "plan writes a plan", args: []string{"plan", "-c", cfg, "-o", plan}, code: ExitOK},
		{name: "apply without --yes", args: []string{"apply", plan}, code: ExitUsage, stderr: "pass --yes"},
		{name: "apply bad format", args: []string{"apply", plan, "--yes", "--format", "xml"}, code: ExitUsage},
		{name: "apply two plans", args: []string{"apply", plan, plan}, code: ExitUsage},
		{name: "apply conflict", args: []string{"apply", plan, "--yes"}, code: ExitDrift, edit: func() {
			replace(t, filepath.Join(dir, "data", "replica.json"), "b@x.io", "z@x.io")
		}},
		{name: "apply again", args: []string{"apply", plan, "--yes"}, code: ExitDrift},
		{name: "tampered plan", args: []string{"apply", plan, "--yes"}, code: ExitUsage, stderr: "plan file was modified", edit: func() {
			replace(t, plan, `"a@x.io"`, `"q@x.io"`)
		}},
		{name: "unknown run", args: []string{"rollback", "-c", cfg, "nope", "--yes"}, code: ExitUsage, stderr: "not in the state store"},
		{name: "plan with a source gone", args: []string{"plan", "-c", cfg}, code: ExitIncomplete, edit: func() {
			os.Remove(filepath.Join(dir, "data", "cache.ndjson"))
		}},
		{name: "history", args: []string{"history", "-c", cfg}, code: ExitOK},
	}
	for _, s := range steps {
		if s.edit != nil {
			s.edit()
		}
		code, _, stderr := drift(s.args...)
		if code != s.code || !strings.Contains(stderr, s.stderr) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d with %q", s.name, code, stderr, s.code, s.stderr)
		}
	}
}

func replace(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), old, new, 1)
	if s == string(b) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestHistoryListsRunsNewestFirst(t *testing.T) {
	dir := accounts(t)
	cfg := filepath.Join(dir, "drift.yaml")
	plan := filepath.Join(dir, "plan.json")
	if code, _, e := drift("plan", "-c", cfg, "-o", plan); code != 0 {
		t.Fatal(e)
	}
	if code, _, e := drift("apply", plan, "--yes"); code != 0 {
		t.Fatal(e)
	}
	_, out, _ := drift("history", "-c", cfg, "--scans", "0", "--resolved", "0")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "apply") || !strings.Contains(lines[1], " 7 ") {
		t.Fatalf("history:\n%s", out)
	}
	runID := strings.Fields(lines[1])[0]
	if code, _, e := drift("rollback", "-c", cfg, runID, "--yes", "--format", "json"); code != 0 {
		t.Fatal(e)
	}
	_, out, _ = drift("history", "-c", cfg, "--scans", "0", "--resolved", "0")
	lines = strings.Split(strings.TrimSpace(out), "\n")
	// At 80 columns the rollback's "rollback of RUN" is cut in the middle,
	// keeping the end of the run id; the JSON has it whole.
	if len(lines) != 3 || !strings.Contains(lines[1], "rollback") || !strings.Contains(lines[1], runID[len(runID)-8:]) {
		t.Fatalf("history after rollback, newest first:\n%s", out)
	}
	_, out, _ = drift("history", "-c", cfg, "--scans", "0", "--format", "json")
	if !strings.Contains(out, `"rollback_of": "`+runID+`"`) || !strings.Contains(out, `"schema": "drift.history/v1"`) {
		t.Fatalf("history --format json after rollback:\n%s", out)
	}
	// After a scan, history lists it too, under the runs.
	if code, _, e := drift("scan", "-c", cfg); code != 1 {
		t.Fatalf("scan after the rollback = %d, want 1 (the drift is back): %s", code, e)
	}
	_, out, _ = drift("history", "-c", cfg)
	if !strings.Contains(out, "\nSCAN ") || !regexp.MustCompile(`accounts v3 +11 +7 +3 +6 +1 +-`).MatchString(out) {
		t.Fatalf("history does not list the scan:\n%s", out)
	}
}
