package state

import (
	"context"
	"fmt"
	"testing"
)

// testOpenRuns: only running runs and interrupted ones nobody resumed are
// open; finished and resumed runs are not.
func testOpenRuns(t *testing.T, st Store) {
	ctx := context.Background()
	for i, id := range []string{"done", "running", "interrupted", "resumed", "resumer"} {
		if err := st.BeginRun(ctx, Run{ID: id, Kind: KindApply, StartedAt: at(i)}); err != nil {
			t.Fatal(err)
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.FinishRun(ctx, "done", StatusDone, at(9)))
	must(st.FinishRun(ctx, "resumer", StatusDone, at(9)))
	must(st.FinishRun(ctx, "interrupted", StatusInterrupted, at(9)))
	must(st.ResumeRun(ctx, "resumed", "resumer", at(9)))
	runs, err := st.OpenRuns(ctx)
	must(err)
	var got []string
	for _, r := range runs {
		got = append(got, r.ID)
	}
	if fmt.Sprint(got) != "[running interrupted]" {
		t.Errorf("open runs = %v, want [running interrupted]", got)
	}
}
