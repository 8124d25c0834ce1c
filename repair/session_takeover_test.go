package repair_test

import (
	"bytes"
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

// gatedWriter holds each write until gate is closed.
type gatedWriter struct {
	oneByOne
	entered chan struct{}
	gate    chan struct{}
}

func (w *gatedWriter) Write(ctx context.Context, op sources.WriteOp) error {
	close(w.entered)
	<-w.gate
	return w.oneByOne.Write(ctx, op)
}

// TestSessionKeepsKeyWhileSlow: a worker slow in its write, but alive,
// keeps its key's lock past the lock's TTL (it is renewed), so another
// worker is refused the key instead of settling the op as not written;
// the write lands in the first run, which rolls it back.
func TestSessionKeepsKeyWhileSlow(t *testing.T) {
	_, st, f, plan := oneOpCase(t)
	ctx := context.Background()
	ta := f.targets()
	slow := &gatedWriter{oneByOne: oneByOne{ta["replica"]}, entered: make(chan struct{}), gate: make(chan struct{})}
	ta["replica"] = slow
	a, err := repair.OpenSession(ctx, f.cfg.Contract, ta, st, repair.ExecOptions{RunID: "A", LeaseTTL: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	b := openSession(t, f, st, "B")
	const ttl = 300 * time.Millisecond
	unlockA, err := a.LockKey(ctx, plan.Ops[0].Key, ttl)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *repair.RunResult, 1)
	go func() {
		res, err := a.Apply(ctx, plan)
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	<-slow.entered
	time.Sleep(2 * ttl)
	if _, err := b.LockKey(ctx, plan.Ops[0].Key, ttl); !errors.Is(err, repair.ErrKeyLocked) {
		t.Errorf("B locks the key A still works: %v, want ErrKeyLocked", err)
	}
	close(slow.gate)
	if res := <-done; res == nil || res.Counts.Applied != 1 {
		t.Fatalf("A: %+v, want its op applied", res)
	}
	unlockA()
	for _, s := range []*repair.Session{a, b} {
		if err := s.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if rb, err := repair.Rollback(ctx, "A", f.cfg.Contract, f.targets(), st, repair.ExecOptions{RunID: "rb"}); err != nil || rb.Counts.Applied != 1 {
		t.Errorf("rollback of A: %+v, %v; want its write undone", rb, err)
	}
}

// TestLostLockWritesNothing: once the lock a write is made under is taken
// over (here: its lease row removed, as a takeover does), the op is not
// written and is journaled not-applied, and the run is interrupted: for a
// worker's key lock on a chunk and on a file batch, and for an apply's
// lease.
func TestLostLockWritesNothing(t *testing.T) {
	for _, tt := range []struct {
		name  string
		whole bool // the file target as a batch, not op by op
		apply bool // an apply's own lease, not a worker's key lock
	}{
		{"key lock, chunk", false, false},
		{"key lock, file batch", true, false},
		{"apply lease", false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, st, f, plan := oneOpCase(t)
			orig, _ := os.ReadFile(filepath.Join(dir, "replica.ndjson"))
			ctx := context.Background()
			targets := f.targets()
			if !tt.whole {
				targets["replica"] = oneByOne{targets["replica"]}
			}
			const ttl = 150 * time.Millisecond
			opts := repair.ExecOptions{RunID: "A", LeaseTTL: ttl, Trace: func(op repair.Op, s repair.Stage) {
				if s == repair.StageBegun {
					dropLease(t, st, tt.apply)
					time.Sleep(ttl) // a renewal finds the lease gone
				}
			}}
			var res *repair.RunResult
			var err error
			if tt.apply {
				res, err = repair.Execute(ctx, plan, f.cfg.Contract, targets, st, opts)
			} else {
				opts.LeaseTTL = time.Minute
				s, oerr := repair.OpenSession(ctx, f.cfg.Contract, targets, st, opts)
				if oerr != nil {
					t.Fatal(oerr)
				}
				unlock, lerr := s.LockKey(ctx, plan.Ops[0].Key, ttl)
				if lerr != nil {
					t.Fatal(lerr)
				}
				res, err = s.Apply(ctx, plan)
				unlock()
				_ = s.Close(ctx)
			}
			if err != nil || res.Status != state.StatusInterrupted || res.Ops[0].Outcome != state.OutcomeNotApplied {
				t.Fatalf("%+v, %v; want the op not applied, interrupted", res, err)
			}
			if now, _ := os.ReadFile(filepath.Join(dir, "replica.ndjson")); !bytes.Equal(now, orig) {
				t.Errorf("replica written after the lock was lost:\n%s", now)
			}
			entries, _ := st.Journal(ctx, "A")
			if len(entries) != 1 || entries[0].Outcome != state.OutcomeNotApplied {
				t.Errorf("journal of A: %+v; want the op not-applied", entries)
			}
		})
	}
}

// dropLease removes the lease of the run (apply) or of the worker's key
// lock, as another process taking it over would.
func dropLease(t *testing.T, st state.Store, apply bool) {
	leases, err := st.Leases(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range leases {
		if apply && l.RunID == "A" || !apply && strings.HasPrefix(l.Source, "key ") {
			if err := st.ReleaseLease(context.Background(), l.RunID); err != nil {
				t.Fatal(err)
			}
		}
	}
}
