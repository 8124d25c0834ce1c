package repair_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// paused runs Execute in the background and stops it as it reads its
// first op's target, holding its leases, until resume is called.
type paused struct {
	res    chan *repair.RunResult
	err    chan error
	resume func()
}

func pauseExecute(t *testing.T, plan *repair.Plan, f *fixture, st state.Store, opts repair.ExecOptions) *paused {
	t.Helper()
	started, proceed := make(chan struct{}), make(chan struct{})
	var once sync.Once
	targets := onRead(f, func() {
		once.Do(func() { close(started); <-proceed })
	})
	p := &paused{res: make(chan *repair.RunResult, 1), err: make(chan error, 1)}
	var resumeOnce sync.Once
	p.resume = func() { resumeOnce.Do(func() { close(proceed) }) }
	t.Cleanup(p.resume)
	go func() {
		res, err := repair.Execute(context.Background(), plan, f.cfg.Contract, targets, st, opts)
		p.res <- res
		p.err <- err
	}()
	select {
	case <-started:
	case <-time.After(20 * time.Second):
		t.Fatal("the first run never reached its first op")
	}
	return p
}

func (p *paused) finish(t *testing.T) *repair.RunResult {
	t.Helper()
	p.resume()
	res, err := <-p.res, <-p.err
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestExecuteRefusesASecondRun: while one apply of a plan runs, a second
// apply of it, an apply of another plan on the same source and a rollback
// onto it are refused, naming the running run; nothing of theirs is
// journaled and the running run is not marked interrupted.
func TestExecuteRefusesASecondRun(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	ctx := context.Background()
	done, err := repair.Execute(ctx, plan, f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "earlier"})
	if err != nil || done.Counts.Applied != 3 {
		t.Fatalf("first apply = %+v, %v", done, err)
	}
	if _, err := repair.Rollback(ctx, "earlier", f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "undo"}); err != nil {
		t.Fatal(err)
	}
	first := pauseExecute(t, plan, f, st, repair.ExecOptions{RunID: "first"})

	other := *plan
	other.PlanID, other.Ops = "sha256:other", plan.Ops[1:2]
	host, _ := os.Hostname()
	tries := map[string]func() error{
		"same plan": func() error {
			_, err := repair.Execute(ctx, plan, f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "second"})
			return err
		},
		"same source": func() error {
			_, err := repair.Execute(ctx, &other, f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "third"})
			return err
		},
		"rollback": func() error {
			_, err := repair.Rollback(ctx, "earlier", f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "fourth"})
			return err
		},
	}
	for name, try := range tries {
		err := try()
		if !errors.Is(err, state.ErrLeaseHeld) {
			t.Fatalf("%s while a run holds the source: %v, want ErrLeaseHeld", name, err)
		}
		for _, want := range []string{`"replica"`, "run first", fmt.Sprintf("pid %d", os.Getpid()), "host " + host} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: refusal %q does not say %s", name, err, want)
			}
		}
	}
	runs, _ := st.Runs(ctx, 0)
	if got := fmt.Sprint(runStatuses(runs)); got != "[first:running undo:done earlier:done]" {
		t.Errorf("runs while the first is paused: %s; want no run of the refused ones, first still running", got)
	}
	if res := first.finish(t); res.Status != state.StatusDone || res.Counts.Applied != 3 {
		t.Errorf("the first run = %+v, want all 3 ops applied", res)
	}
	if leases, _ := st.Leases(ctx); len(leases) != 0 {
		t.Errorf("leases left after the run: %+v", leases)
	}
	again, err := repair.Execute(ctx, plan, f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "second"})
	if err != nil || again.Counts.AlreadyApplied != 3 {
		t.Errorf("the same apply once the first finished = %+v, %v; want 3 already applied", again, err)
	}
}

func runStatuses(runs []state.Run) []string {
	var out []string
	for _, r := range runs {
		s := r.ID + ":" + string(r.Status)
		if r.ResumedBy != "" {
			s += ":resumed-by-" + r.ResumedBy
		}
		out = append(out, s)
	}
	return out
}

// TestExecuteDisjointSourcesRunTogether: applies to different sources of
// one state store do not wait for each other.
func TestExecuteDisjointSourcesRunTogether(t *testing.T) {
	dir := copyCase(t, "two-targets")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	bySource := map[string]*repair.Plan{}
	for _, op := range plan.Ops {
		p, ok := bySource[op.Source]
		if !ok {
			cp := *plan
			p, cp.PlanID, cp.Ops = &cp, "sha256:"+op.Source, nil
			bySource[op.Source] = p
		}
		p.Ops = append(p.Ops, op)
	}
	if len(bySource) != 2 {
		t.Fatalf("the plan writes %d sources, want r1 and r2", len(bySource))
	}
	first := pauseExecute(t, bySource["r1"], f, st, repair.ExecOptions{RunID: "on-r1"})
	res, err := repair.Execute(context.Background(), bySource["r2"], f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "on-r2"})
	if err != nil || res.Status != state.StatusDone {
		t.Fatalf("an apply to r2 while r1's runs = %+v, %v; want it done", res, err)
	}
	if res := first.finish(t); res.Status != state.StatusDone {
		t.Errorf("the apply to r1 = %+v", res)
	}
}

// TestExecuteTakesOverExpiredLease: a run whose heartbeat stopped longer
// than the TTL ago, on another host, is taken over and closed: marked
// interrupted, resumed by the new run, its unwritten pending op
// not-applied. One whose heartbeat is fresh is not.
func TestExecuteTakesOverExpiredLease(t *testing.T) {
	for _, tt := range []struct {
		name      string
		heartbeat time.Duration // before now
		takeover  bool
	}{
		{"fresh heartbeat", 5 * time.Second, false},
		{"expired heartbeat", state.LeaseTTL + 5*time.Second, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyCase(t, "authority")
			st := openStore(t, dir)
			f := load(t, dir, st)
			plan := f.plan(t)
			ctx := context.Background()
			ghost := state.Run{ID: "ghost", Kind: state.KindApply, PlanID: plan.PlanID, Host: "far-away"}
			op := plan.Ops[0]
			key, _ := op.Key.MarshalJSON()
			if err := st.BeginRun(ctx, ghost); err != nil {
				t.Fatal(err)
			}
			if _, err := st.BeginOp(ctx, state.Entry{RunID: "ghost", OpID: op.ID, Source: op.Source, Key: key, Action: string(op.Action)}); err != nil {
				t.Fatal(err)
			}
			holder := state.Lease{RunID: "ghost", PID: 1, Host: "far-away", Since: time.Now().Add(-tt.heartbeat)}
			if _, err := st.AcquireLease(ctx, holder, []string{"replica"}, state.LeaseTTL); err != nil {
				t.Fatal(err)
			}
			res, err := repair.Execute(ctx, plan, f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "next"})
			runs, _ := st.Runs(ctx, 0)
			statuses := fmt.Sprint(runStatuses(runs))
			if !tt.takeover {
				if !errors.Is(err, state.ErrLeaseHeld) || !strings.Contains(err.Error(), "far-away") || statuses != "[ghost:running]" {
					t.Fatalf("a live lease elsewhere: %v, runs %s; want refused, ghost still running", err, statuses)
				}
				return
			}
			if err != nil || res.Counts.Applied != 3 {
				t.Fatalf("taking over = %+v, %v", res, err)
			}
			if !strings.Contains(statuses, "ghost:interrupted:resumed-by-next") {
				t.Errorf("runs = %s; want ghost interrupted and resumed by next", statuses)
			}
			if got := outcomes(t, st, "ghost"); got[op.ID] != state.OutcomeNotApplied {
				t.Errorf("ghost's pending op is %s, want not-applied", got[op.ID])
			}
		})
	}
}

// TestExecuteKeepsItsLeaseAlive: a run longer than its lease's TTL renews
// it, so it is never taken over; a run whose lease was taken all the same
// (its heartbeat stalled) stops after its current op, interrupted.
func TestExecuteKeepsItsLeaseAlive(t *testing.T) {
	dir := copyCase(t, "authority")
	st := openStore(t, dir)
	f := load(t, dir, st)
	plan := f.plan(t)
	ctx := context.Background()
	const ttl = 300 * time.Millisecond
	first := pauseExecute(t, plan, f, st, repair.ExecOptions{RunID: "long", LeaseTTL: ttl})
	time.Sleep(3 * ttl)
	if _, err := st.AcquireLease(ctx, state.Lease{RunID: "thief", Host: "far-away"}, []string{"replica"}, ttl); !errors.Is(err, state.ErrLeaseHeld) {
		t.Fatalf("a run paused for 3 TTLs lost its lease: %v", err)
	}
	if err := st.ReleaseLease(ctx, "long"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AcquireLease(ctx, state.Lease{RunID: "thief", Host: "far-away"}, []string{"replica"}, ttl); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * ttl)
	if res := first.finish(t); res.Status != state.StatusInterrupted || len(res.Ops) != 1 {
		t.Errorf("a run whose lease was taken = %+v; want it interrupted after its current op", res)
	}
	if leases, _ := st.Leases(ctx); len(leases) != 1 || leases[0].RunID != "thief" {
		t.Errorf("leases = %+v; the run gave up the thief's lease", leases)
	}
}
