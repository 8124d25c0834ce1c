package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/drift-sh/drift/cmd"
	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/scan"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// TestApplyHolder is the first of TestTwoAppliesAtOnce's applies: it
// applies the plan in $DRIFT_LEASE_DIR as run "first" and stops at its
// first op's intent, holding its lease, until it is killed.
func TestApplyHolder(t *testing.T) {
	dir := os.Getenv("DRIFT_LEASE_DIR")
	if dir == "" {
		t.Skip("only run as TestTwoAppliesAtOnce's child")
	}
	ctx := context.Background()
	cfg, err := contract.Load(filepath.Join(dir, "drift.yaml"), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := scan.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := repair.ReadPlan(data)
	if err != nil {
		t.Fatal(err)
	}
	st, err := state.Open(ctx, filepath.Join(dir, ".drift", "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	writers := map[string]sources.Writer{}
	for _, o := range srcs {
		if w, ok := o.Writer(); ok {
			writers[o.Name] = w
		}
	}
	opts := repair.ExecOptions{RunID: "first", Trace: func(repair.Op, repair.Stage) {
		_ = os.WriteFile(filepath.Join(dir, "ready"), nil, 0o644)
		select {}
	}}
	_, err = repair.Execute(ctx, plan, cfg.Contract, writers, st, opts)
	t.Fatalf("the holder was not meant to finish: %v", err)
}

// TestTwoAppliesAtOnce: a second `drift apply` of a plan that a live
// process is applying exits 2 naming that run, writes and journals
// nothing; once that process is killed, the same command takes over, and
// history shows the killed run interrupted and resumed by the new one.
func TestTwoAppliesAtOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("repair/testdata/authority")); err != nil {
		t.Fatal(err)
	}
	config, plan := filepath.Join(dir, "drift.yaml"), filepath.Join(dir, "plan.json")
	drift(t, 0, "plan", "-c", config, "-o", plan)
	holder := exec.Command(os.Args[0], "-test.run=^TestApplyHolder$")
	holder.Env = append(os.Environ(), "DRIFT_LEASE_DIR="+dir)
	var holderOut bytes.Buffer
	holder.Stdout, holder.Stderr = &holderOut, &holderOut
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer holder.Process.Kill()
	waitFor(t, filepath.Join(dir, "ready"), &holderOut)
	before, _ := os.ReadFile(filepath.Join(dir, "replica.ndjson"))

	_, stderr := drift(t, 2, "apply", plan, "--yes", "-c", config)
	want := fmt.Sprintf(`source "replica" is in use by run first \(pid %d on host [^,]+, since [0-9TZ:-]+`, holder.Process.Pid)
	if !regexp.MustCompile(want).MatchString(stderr) {
		t.Errorf("the second apply's error:\n%s\nwant it to match %s", stderr, want)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "replica.ndjson")); !bytes.Equal(after, before) {
		t.Error("the refused apply wrote to the replica")
	}
	out, _ := drift(t, 0, "history", "-c", config, "--scans", "0", "--resolved", "0")
	if strings.Count(out, "\n") != 2 || !regexp.MustCompile(`first .* running `).MatchString(out) {
		t.Errorf("history while the first apply runs:\n%s\nwant only it, running", out)
	}

	holder.Process.Signal(syscall.SIGKILL)
	holder.Wait()
	drift(t, 0, "apply", plan, "--yes", "-c", config)
	out, _ = drift(t, 0, "history", "-c", config, "--scans", "0", "--format", "json")
	if !regexp.MustCompile(`"id": "first",\s+"kind": "apply",\s+"status": "interrupted",(\s+"[a-z_]+": "[^"]*",)*\s+"resumed_by": "\S+"`).MatchString(out) {
		t.Errorf("history after the takeover:\n%s\nwant the killed run interrupted, resumed by the new one", out)
	}
	out, _ = drift(t, 0, "explain", "id=a1", "-c", config)
	if !strings.Contains(out, "run first") || !strings.Contains(out, "not-applied") {
		t.Errorf("explain of the op the killed run left pending:\n%s\nwant it not-applied in run first", out)
	}
}

// drift runs the CLI in process and checks its exit code.
func drift(t *testing.T, code int, args ...string) (string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if got := cmd.Main(append([]string{"drift"}, args...), strings.NewReader(""), &out, &errb); got != code {
		t.Fatalf("drift %s exited %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), got, code, out.String(), errb.String())
	}
	return out.String(), errb.String()
}

func waitFor(t *testing.T, path string, log *bytes.Buffer) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return
		}
	}
	t.Fatalf("the first apply never reached its first op:\n%s", log)
}
