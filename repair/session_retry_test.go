package repair_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// failFirst fails its first write as an API answering 503 would.
type failFirst struct {
	oneByOne
	n int
}

func (w *failFirst) Write(ctx context.Context, op sources.WriteOp) error {
	if w.n++; w.n == 1 {
		return errors.New("503 service unavailable")
	}
	return w.oneByOne.Write(ctx, op)
}

// TestSessionJournalsAnOpAgain: a worker's one run journals the very same
// op again, whether a job is retried after a failed write or a drift
// recurs once applied: each under an id of its own that keeps the op's.
func TestSessionJournalsAnOpAgain(t *testing.T) {
	for _, tt := range []struct {
		name   string
		revert bool // the target reverted to its old value after each round
		want   []state.Outcome
	}{
		{"retry after a failed write", false, []state.Outcome{state.OutcomeFailed, state.OutcomeApplied}},
		{"the drift recurs", true, []state.Outcome{state.OutcomeApplied, state.OutcomeApplied}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, st, f, plan := oneOpCase(t)
			orig, _ := os.ReadFile(filepath.Join(dir, "replica.ndjson"))
			targets := f.targets()
			if !tt.revert {
				targets["replica"] = &failFirst{oneByOne: oneByOne{targets["replica"]}}
			}
			ctx := context.Background()
			s, err := repair.OpenSession(ctx, f.cfg.Contract, targets, st, repair.ExecOptions{RunID: "w1"})
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range tt.want {
				unlock, err := s.LockKey(ctx, plan.Ops[0].Key, time.Minute)
				if err != nil {
					t.Fatal(err)
				}
				res, err := s.Apply(ctx, plan)
				unlock()
				if err != nil || res.Ops[0].Outcome != want || !strings.HasPrefix(res.Ops[0].ID, plan.Ops[0].ID+"-") {
					t.Fatalf("round %d: %+v, %v; want %s under an id made of %s", i, res, err, want, plan.Ops[0].ID)
				}
				if tt.revert {
					if err := os.WriteFile(filepath.Join(dir, "replica.ndjson"), orig, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := s.Close(ctx); err != nil {
				t.Fatal(err)
			}
			entries, _ := st.Journal(ctx, "w1")
			if len(entries) != 2 || entries[0].OpID == entries[1].OpID {
				t.Errorf("journal of w1: %+v; want two entries of the op, each with its own id", entries)
			}
			// Undoing the run undoes each entry, the same undo twice too.
			rb, err := repair.Rollback(ctx, "w1", f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "rb"})
			if err != nil || rb.Status != state.StatusDone {
				t.Errorf("rollback of w1: %+v, %v; want done", rb, err)
			}
		})
	}
}
