package state

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// shared is a shared lease holder on this host, in this process, at minute m.
func shared(run string, m int) Lease { return Lease{RunID: run, Since: at(m), Shared: true} }

// testLeaseShared: shared holders (queue workers) hold a source together;
// an exclusive holder (apply, rollback) is refused while any of them
// holds it, and refuses them while it holds it.
func testLeaseShared(t *testing.T, st Store) {
	ctx := context.Background()
	for _, run := range []string{"w1", "w2"} {
		if _, err := st.AcquireLease(ctx, shared(run, 0), []string{"s"}, LeaseTTL); err != nil {
			t.Fatalf("shared lease of %s beside another: %v", run, err)
		}
	}
	_, err := st.AcquireLease(ctx, holder("apply", 0), []string{"s"}, LeaseTTL)
	if !errors.Is(err, ErrLeaseHeld) || !strings.Contains(err.Error(), "queue worker of run w1") {
		t.Fatalf("an exclusive lease over shared ones: %v, want refused naming worker run w1", err)
	}
	if err := st.RenewLease(ctx, "w2", []string{"s"}, at(0).Add(20*time.Second)); err != nil {
		t.Fatalf("renewing a shared lease: %v", err)
	}
	ls, err := st.Leases(ctx)
	if err != nil || len(ls) != 2 || !ls[0].Shared || !ls[1].Shared {
		t.Fatalf("leases = %+v, %v; want the two shared ones", ls, err)
	}
	for _, run := range []string{"w1", "w2"} {
		if err := st.ReleaseLease(ctx, run); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.AcquireLease(ctx, holder("apply", 1), []string{"s"}, LeaseTTL); err != nil {
		t.Fatalf("an exclusive lease once the workers let go: %v", err)
	}
	if _, err := st.AcquireLease(ctx, shared("w3", 1), []string{"s"}, LeaseTTL); !errors.Is(err, ErrLeaseHeld) {
		t.Errorf("a shared lease over an exclusive one: %v, want refused", err)
	}
}

// testLeaseSharedExpiry: a shared lease past its heartbeat is taken over
// (and returned) by the next holder of either mode.
func testLeaseSharedExpiry(t *testing.T, st Store) {
	ctx := context.Background()
	far := Lease{RunID: "far", PID: 1, Host: "other-host", Since: at(0), Shared: true}
	if _, err := st.AcquireLease(ctx, far, []string{"s"}, LeaseTTL); err != nil {
		t.Fatal(err)
	}
	taken, err := st.AcquireLease(ctx, Lease{RunID: "w", Since: at(0).Add(31 * time.Second), Shared: true}, []string{"s"}, LeaseTTL)
	if err != nil || len(taken) != 1 || taken[0].RunID != "far" || !taken[0].Shared {
		t.Fatalf("a stale shared lease beside a new one: taken %+v, %v; want it taken over", taken, err)
	}
	if err := st.RenewLease(ctx, "far", []string{"s"}, at(1)); !errors.Is(err, ErrLeaseLost) {
		t.Errorf("renewing a shared lease taken over: %v, want ErrLeaseLost", err)
	}
	taken, err = st.AcquireLease(ctx, Lease{RunID: "apply", Since: at(0).Add(62 * time.Second)}, []string{"s"}, LeaseTTL)
	if err != nil || len(taken) != 1 || taken[0].RunID != "w" {
		t.Errorf("an exclusive lease over a stale shared one: taken %+v, %v; want it taken over", taken, err)
	}
}
