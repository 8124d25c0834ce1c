package state

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// holder is a lease holder on this host, in this process, at minute m.
func holder(run string, m int) Lease { return Lease{RunID: run, Since: at(m)} }

func leaseRuns(t *testing.T, st Store) map[string]string {
	t.Helper()
	ls, err := st.Leases(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range ls {
		out[l.Source] = l.RunID
	}
	return out
}

func testLeaseExclusion(t *testing.T, st Store) {
	ctx := context.Background()
	if _, err := st.AcquireLease(ctx, holder("A", 0), []string{"s2", "s1", "s1"}, LeaseTTL); err != nil {
		t.Fatal(err)
	}
	_, err := st.AcquireLease(ctx, holder("B", 0), []string{"s3", "s2"}, LeaseTTL)
	var held *LeaseHeldError
	if !errors.Is(err, ErrLeaseHeld) || !errors.As(err, &held) {
		t.Fatalf("an overlapping lease: %v, want a LeaseHeldError", err)
	}
	host, _ := os.Hostname()
	for _, want := range []string{`"s2"`, "run A", fmt.Sprintf("pid %d", os.Getpid()), "host " + host, "since 2025-03-14T09:26:53Z"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q does not say %s", err, want)
		}
	}
	if _, err := st.AcquireLease(ctx, holder("C", 0), []string{"s3"}, LeaseTTL); err != nil {
		t.Errorf("a refused request kept a lease, or disjoint sources were refused: %v", err)
	}
	if _, err := st.AcquireLease(ctx, holder("A", 1), []string{"s1"}, LeaseTTL); err != nil {
		t.Errorf("a run could not take its own lease again: %v", err)
	}
	if got, want := leaseRuns(t, st), map[string]string{"s1": "A", "s2": "A", "s3": "C"}; !reflect.DeepEqual(got, want) {
		t.Errorf("leases = %v, want %v", got, want)
	}
	if err := st.ReleaseLease(ctx, "A"); err != nil {
		t.Fatal(err)
	}
	if got, want := leaseRuns(t, st), map[string]string{"s3": "C"}; !reflect.DeepEqual(got, want) {
		t.Errorf("leases after release = %v, want %v", got, want)
	}
}

func testLeaseExpiry(t *testing.T, st Store) {
	ctx := context.Background()
	elsewhere := Lease{RunID: "far", PID: 1, Host: "other-host", Since: at(0)}
	if _, err := st.AcquireLease(ctx, elsewhere, []string{"s"}, LeaseTTL); err != nil {
		t.Fatal(err)
	}
	if err := st.RenewLease(ctx, "far", []string{"s"}, at(0).Add(25*time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AcquireLease(ctx, Lease{RunID: "near", Since: at(0).Add(50 * time.Second)}, []string{"s"}, LeaseTTL); !errors.Is(err, ErrLeaseHeld) {
		t.Fatalf("a lease renewed 25s ago was not held: %v", err)
	}
	taken, err := st.AcquireLease(ctx, Lease{RunID: "near", Since: at(0).Add(56 * time.Second)}, []string{"s"}, LeaseTTL)
	if err != nil {
		t.Fatalf("a lease 31s past its heartbeat was not taken over: %v", err)
	}
	if len(taken) != 1 || taken[0].RunID != "far" || taken[0].Host != "other-host" || taken[0].PID != 1 {
		t.Errorf("taken = %+v, want the lease of run far", taken)
	}
	if err := st.RenewLease(ctx, "far", []string{"s"}, at(1)); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("renewing a lease taken over: %v, want ErrLeaseLost", err)
	}
}

func testLeaseDeadProcess(t *testing.T, st Store) {
	ctx := context.Background()
	child := exec.Command("true")
	if err := child.Run(); err != nil {
		t.Skipf("no process to outlive: %v", err)
	}
	host, _ := os.Hostname()
	dead := Lease{RunID: "killed", PID: child.Process.Pid, Host: host, Since: at(0)}
	if _, err := st.AcquireLease(ctx, dead, []string{"s"}, LeaseTTL); err != nil {
		t.Fatal(err)
	}
	taken, err := st.AcquireLease(ctx, holder("next", 0), []string{"s"}, LeaseTTL)
	if err != nil || len(taken) != 1 || taken[0].RunID != "killed" {
		t.Fatalf("a fresh lease of a dead process on this host: taken %+v, %v; want it taken over", taken, err)
	}
	gone := Lease{RunID: "remote", PID: child.Process.Pid, Host: "not-" + host, Since: at(0)}
	if _, err := st.AcquireLease(ctx, gone, []string{"t"}, LeaseTTL); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AcquireLease(ctx, holder("next", 0), []string{"t"}, LeaseTTL); !errors.Is(err, ErrLeaseHeld) {
		t.Errorf("a fresh lease from another host was taken over on a local pid check: %v", err)
	}
}

// testLeaseRace: many runs ask for one source at once; exactly one gets it.
func testLeaseRace(t *testing.T, st Store) {
	ctx := context.Background()
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = st.AcquireLease(ctx, Lease{RunID: fmt.Sprint("r", i)}, []string{"s", fmt.Sprint("own", i)}, LeaseTTL)
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, ErrLeaseHeld):
			t.Errorf("a concurrent request failed otherwise: %v", err)
		}
	}
	if won != 1 {
		t.Errorf("%d runs got the lease, want exactly 1", won)
	}
	if got := len(leaseRuns(t, st)); got != 2 {
		t.Errorf("%d leases held, want the winner's 2", got)
	}
}

func testResumeRun(t *testing.T, st Store) {
	ctx := context.Background()
	beginRun(t, st, "killed", "P", KindApply, 0)
	beginRun(t, st, "stopped", "P", KindApply, 1)
	beginRun(t, st, "done", "P", KindApply, 2)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.FinishRun(ctx, "stopped", StatusInterrupted, at(2)))
	must(st.FinishRun(ctx, "done", StatusDone, at(3)))
	for _, id := range []string{"killed", "stopped", "done"} {
		must(st.ResumeRun(ctx, id, "next", at(9)))
		must(st.ResumeRun(ctx, id, "later", at(10)))
	}
	tests := []struct {
		id       string
		status   Status
		finished time.Time
		by       string
	}{
		{"killed", StatusInterrupted, at(9), "next"},
		{"stopped", StatusInterrupted, at(2), "next"},
		{"done", StatusDone, at(3), ""},
	}
	for _, tt := range tests {
		r, err := st.Run(ctx, tt.id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != tt.status || !r.FinishedAt.Equal(tt.finished) || r.ResumedBy != tt.by {
			t.Errorf("run %s: %s at %v resumed by %q; want %s at %v resumed by %q",
				tt.id, r.Status, r.FinishedAt, r.ResumedBy, tt.status, tt.finished, tt.by)
		}
	}
}

func testNotApplied(t *testing.T, st Store) {
	ctx := context.Background()
	beginRun(t, st, "r", "p", KindApply, 0)
	e := Entry{RunID: "r", OpID: "o", Source: "s", Key: raw(`{"id":1}`), Action: "update"}
	if _, err := st.BeginOp(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishOp(ctx, "r", 1, "o", OutcomeNotApplied, "", at(1)); err != nil {
		t.Fatal(err)
	}
	entries, _ := st.Journal(ctx, "r")
	run, _ := st.Run(ctx, "r")
	if len(entries) != 1 || entries[0].Outcome != OutcomeNotApplied || run.Counts != (Counts{}) {
		t.Errorf("journal %+v, counts %+v; want one not-applied entry counted nowhere", entries, run.Counts)
	}
	e.OpID, e.Outcome = "p", OutcomeNotApplied
	if _, err := st.RecordOp(ctx, e); err == nil {
		t.Error("RecordOp accepted not-applied, which only closes a pending op")
	}
}
