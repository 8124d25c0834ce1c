package repair_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// TestCrashHelper is the child process of TestCrashResume: it applies the
// plan in $DRIFT_CRASH_DIR and kills itself with SIGKILL when op number
// $DRIFT_CRASH_OP of the plan reaches stage $DRIFT_CRASH_STAGE. With
// $DRIFT_CRASH_ROLLBACK set, it rolls that run back instead and kills
// itself at the rollback's op number $DRIFT_CRASH_OP. The ops of
// a file source run as one batch, so StageBegun kills before the batch is
// flushed and StageWritten after the flush, before the op's outcome is
// journaled. With $DRIFT_CRASH_PARALLEL set to N, the files are written
// one op at a time, as a database is, N ops in flight (see unbatched).
func TestCrashHelper(t *testing.T) {
	dir := os.Getenv("DRIFT_CRASH_DIR")
	if dir == "" {
		t.Skip("only run as TestCrashResume's child")
	}
	at, _ := strconv.Atoi(os.Getenv("DRIFT_CRASH_OP"))
	stage, _ := strconv.Atoi(os.Getenv("DRIFT_CRASH_STAGE"))
	undo := os.Getenv("DRIFT_CRASH_ROLLBACK")
	parallel, _ := strconv.Atoi(os.Getenv("DRIFT_CRASH_PARALLEL"))
	st := openStore(t, dir)
	f := load(t, dir, st)
	targets := f.targets()
	if parallel > 0 {
		targets = unbatched(targets)
	}
	plan := f.plan(t)
	index := map[string]int{}
	for i, op := range plan.Ops {
		index[op.ID] = i
	}
	seen := 0
	opts := repair.ExecOptions{RunID: "crashed", Trace: func(op repair.Op, s repair.Stage) {
		if s != repair.Stage(stage) {
			return
		}
		// A rollback's ops are not the plan's: count them as they come.
		if seen++; index[op.ID] == at && undo == "" || seen-1 == at && undo != "" {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	}, Parallel: parallel}
	var err error
	if undo != "" {
		_, err = repair.Rollback(context.Background(), undo, f.cfg.Contract, targets, st, opts)
	} else {
		_, err = repair.Execute(context.Background(), plan, f.cfg.Contract, targets, st, opts)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestCrashResume kills an apply at every op and stage, resumes it, and
// checks that the files end as an uninterrupted apply leaves them and that
// the journal shows each op applied once: with the files batched, and
// written op by op 4 at a time (--parallel 4), as a database is.
func TestCrashResume(t *testing.T) {
	for _, parallel := range []int{0, 4} {
		t.Run(fmt.Sprintf("parallel%d", parallel), func(t *testing.T) { testCrashResume(t, parallel) })
	}
}

func testCrashResume(t *testing.T, parallel int) {
	clean := copyCase(t, "authority")
	cst := openStore(t, clean)
	cf := load(t, clean, cst)
	plan := cf.plan(t)
	if _, err := repair.Execute(context.Background(), plan, cf.cfg.Contract, cf.targets(), cst, execOpts()); err != nil {
		t.Fatal(err)
	}
	want := readAllNDJSON(t, clean)
	for k := range plan.Ops {
		for _, stage := range []repair.Stage{repair.StageBegun, repair.StageWritten, repair.StageFinished} {
			t.Run(fmt.Sprintf("op%d-stage%d", k, stage), func(t *testing.T) {
				dir := copyCase(t, "authority")
				// The plan the child makes: its config path is this copy's.
				plan := load(t, dir, nil).plan(t)
				cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$")
				cmd.Env = append(os.Environ(), "DRIFT_CRASH_DIR="+dir, "DRIFT_CRASH_PARALLEL="+strconv.Itoa(parallel),
					"DRIFT_CRASH_OP="+strconv.Itoa(k), "DRIFT_CRASH_STAGE="+strconv.Itoa(int(stage)))
				out, err := cmd.CombinedOutput()
				if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Fatalf("child was not killed: %v\n%s", err, out)
				}
				if parallel == 0 || stage == repair.StageBegun {
					// Ops in flight side by side may each be written or
					// not when one of them is killed after its write.
					checkKilledBatch(t, dir, stage, want)
				}
				st := openStore(t, dir)
				f := load(t, dir, st)
				opts := execOpts()
				opts.Parallel = parallel
				targets := f.targets()
				if parallel > 0 {
					targets = unbatched(targets)
				}
				res, err := repair.Execute(context.Background(), plan, f.cfg.Contract, targets, st, opts)
				if err != nil || res.Status != state.StatusDone {
					t.Fatalf("resume = %+v, %v", res, err)
				}
				if got := readAllNDJSON(t, dir); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("files after crash and resume:\n%v\nwant:\n%v", got, want)
				}
				checkAppliedOnce(t, st, plan)
				checkResumed(t, st, "crashed", opts.RunID)
			})
		}
	}
}

// unbatched hides that the targets batch, so that their ops run as a
// database's do: in chunks, written one by one, ExecOptions.Parallel in
// flight. A whole record is still read and written whole.
func unbatched(targets map[string]sources.Writer) map[string]sources.Writer {
	out := map[string]sources.Writer{}
	for name, w := range targets {
		out[name] = oneByOne{w}
	}
	return out
}

type oneByOne struct{ sources.Writer }

func (o oneByOne) GetWhole(ctx context.Context, key []any) (json.RawMessage, bool, error) {
	return o.Writer.(sources.WholeRecorder).GetWhole(ctx, key)
}

// checkKilledBatch: the plan's ops form one batch, so a kill before its
// flush leaves the files as they were, and one after it leaves them done.
func checkKilledBatch(t *testing.T, dir string, stage repair.Stage, want map[string]string) {
	t.Helper()
	got := readAllNDJSON(t, dir)
	switch stage {
	case repair.StageBegun:
		if orig := readAllNDJSON(t, filepath.Join("testdata", "authority")); fmt.Sprint(got) != fmt.Sprint(orig) {
			t.Fatalf("killed before the flush, yet the files changed:\n%v", got)
		}
	default:
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("killed after the flush, yet the files are not done:\n%v\nwant:\n%v", got, want)
		}
	}
}

// checkResumed: the killed run is closed as interrupted and resumed by the
// run that finished its work, and none of its ops is left pending or
// journaled failed: a pending op found written is applied, one found
// unwritten not-applied.
func checkResumed(t *testing.T, st state.Store, killed, by string) {
	t.Helper()
	r, err := st.Run(context.Background(), killed)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != state.StatusInterrupted || r.ResumedBy != by {
		t.Errorf("killed run %s is %s, resumed by %q; want interrupted, resumed by %s", killed, r.Status, r.ResumedBy, by)
	}
	for id, o := range outcomes(t, st, killed) {
		if o == state.OutcomePending || o == state.OutcomeFailed {
			t.Errorf("op %s of the killed run is %s", id, o)
		}
	}
}

func readAllNDJSON(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.ndjson"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = string(b)
	}
	return out
}

// checkAppliedOnce: across every run, each op has exactly one applied
// entry and no entry is left pending.
func checkAppliedOnce(t *testing.T, st state.Store, plan *repair.Plan) {
	t.Helper()
	ctx := context.Background()
	runs, err := st.Runs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	applied := map[string]int{}
	for _, r := range runs {
		if r.Status == state.StatusRunning {
			t.Errorf("run %s is still running", r.ID)
		}
		entries, err := st.Journal(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			switch e.Outcome {
			case state.OutcomeApplied:
				applied[e.OpID]++
			case state.OutcomePending:
				t.Errorf("op %s of run %s is still pending", e.OpID, r.ID)
			}
		}
	}
	for _, op := range plan.Ops {
		if applied[op.ID] != 1 {
			t.Errorf("op %s applied %d times in the journal, want once", op.ID, applied[op.ID])
		}
	}
}
