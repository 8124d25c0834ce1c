package repair_test

import (
	"context"
	"testing"
	"time"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// TestReclaimSettlesOrphans: an op a killed run of another plan left
// pending is settled by whoever next takes its source: applied when the
// target holds its after-image, not-applied when it still holds its
// before-image.
func TestReclaimSettlesOrphans(t *testing.T) {
	for _, tt := range []struct {
		name    string
		written bool
		status  state.Status
		want    state.Outcome
	}{
		{"write landed", true, state.StatusInterrupted, state.OutcomeApplied},
		{"write never made", false, state.StatusInterrupted, state.OutcomeNotApplied},
		// A run that failed to journal its outcomes after its writes.
		{"failed run, write landed", true, state.StatusFailed, state.OutcomeApplied},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			// The images come from a real apply, in a copy of the fixture.
			model := copyCase(t, "authority")
			mst := openStore(t, model)
			mf := load(t, model, mst)
			res, err := repair.Execute(ctx, mf.plan(t), mf.cfg.Contract, mf.targets(), mst, execOpts())
			if err != nil {
				t.Fatal(err)
			}
			entries, err := mst.Journal(ctx, res.RunID)
			if err != nil || len(entries) == 0 {
				t.Fatalf("journal: %v", err)
			}
			e := entries[0]
			dir := model
			if !tt.written {
				dir = copyCase(t, "authority")
			}
			st := openStore(t, t.TempDir())
			f := load(t, dir, st)
			ghost := state.Run{ID: "ghost", Kind: state.KindWorker, PlanID: "sha256:other"}
			if err := st.BeginRun(ctx, ghost); err != nil {
				t.Fatal(err)
			}
			e.RunID, e.Outcome = "ghost", state.OutcomePending
			if _, err := st.BeginOp(ctx, e); err != nil {
				t.Fatal(err)
			}
			if err := st.FinishRun(ctx, "ghost", tt.status, time.Now()); err != nil {
				t.Fatal(err)
			}
			err = repair.Reclaim(ctx, f.cfg.Contract, f.targets(), st, []string{e.Source}, repair.ExecOptions{RunID: "reclaim"})
			if err != nil {
				t.Fatal(err)
			}
			if got := outcomes(t, st, "ghost")[e.OpID]; got != tt.want {
				t.Errorf("the orphan is %s, want %s", got, tt.want)
			}
		})
	}
}
