package repair_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// TestCrashRollbackResume kills a rollback at every op and stage, runs the
// rollback again, and checks that the files end as they were before the
// apply, that the killed rollback is closed (interrupted, resumed by the
// rerun) with nothing left pending, and that each undo op is applied once:
// with the files batched, and written op by op 4 at a time.
func TestCrashRollbackResume(t *testing.T) {
	for _, parallel := range []int{0, 4} {
		t.Run(fmt.Sprintf("parallel%d", parallel), func(t *testing.T) { testCrashRollbackResume(t, parallel) })
	}
}

func testCrashRollbackResume(t *testing.T, parallel int) {
	orig := readAllNDJSON(t, filepath.Join("testdata", "authority"))
	for k := range 3 {
		for _, stage := range []repair.Stage{repair.StageBegun, repair.StageWritten, repair.StageFinished} {
			t.Run(fmt.Sprintf("op%d-stage%d", k, stage), func(t *testing.T) {
				dir := copyCase(t, "authority")
				st := openStore(t, dir)
				f := load(t, dir, st)
				ctx := context.Background()
				if _, err := repair.Execute(ctx, f.plan(t), f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "applied"}); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$")
				cmd.Env = append(os.Environ(), "DRIFT_CRASH_DIR="+dir, "DRIFT_CRASH_ROLLBACK=applied", "DRIFT_CRASH_PARALLEL="+strconv.Itoa(parallel),
					"DRIFT_CRASH_OP="+strconv.Itoa(k), "DRIFT_CRASH_STAGE="+strconv.Itoa(int(stage)))
				out, err := cmd.CombinedOutput()
				if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Fatalf("child was not killed: %v\n%s", err, out)
				}
				targets := f.targets()
				if parallel > 0 {
					targets = unbatched(targets)
				}
				res, err := repair.Rollback(ctx, "applied", f.cfg.Contract, targets, st, repair.ExecOptions{RunID: "rerun", Parallel: parallel})
				if err != nil || res.Status != state.StatusDone {
					t.Fatalf("rollback again = %+v, %v", res, err)
				}
				if got := readAllNDJSON(t, dir); fmt.Sprint(got) != fmt.Sprint(orig) {
					t.Fatalf("files after a killed rollback and its rerun:\n%v\nwant:\n%v", got, orig)
				}
				checkResumed(t, st, "crashed", "rerun")
				checkUndoneOnce(t, st, res)
			})
		}
	}
}

// checkUndoneOnce: each op of the rollback is applied once, in the killed
// rollback or in its rerun.
func checkUndoneOnce(t *testing.T, st state.Store, res *repair.RunResult) {
	t.Helper()
	applied := map[string]int{}
	for _, run := range []string{"crashed", "rerun"} {
		for id, o := range outcomes(t, st, run) {
			if o == state.OutcomeApplied {
				applied[id]++
			}
		}
	}
	for _, op := range res.Ops {
		if applied[op.ID] != 1 {
			t.Errorf("undo op %s applied %d times, want once", op.ID, applied[op.ID])
		}
	}
}
