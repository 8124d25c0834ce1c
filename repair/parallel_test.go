package repair_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/state"
)

// slowWriter writes one op at a time like a database, taking a while, and
// records how many writes were in flight at most and their order.
type slowWriter struct {
	oneByOne
	mu       sync.Mutex
	inFlight int
	most     int
	order    []string
}

func (w *slowWriter) Write(ctx context.Context, op sources.WriteOp) error {
	w.mu.Lock()
	w.inFlight++
	w.most = max(w.most, w.inFlight)
	w.order = append(w.order, fmt.Sprint(op.Key...))
	w.mu.Unlock()
	time.Sleep(30 * time.Millisecond)
	err := w.oneByOne.Write(ctx, op)
	w.mu.Lock()
	w.inFlight--
	w.mu.Unlock()
	return err
}

// TestApplyParallel: with --parallel N the writes of a source that does
// not batch overlap, up to N; with 1 they run one at a time in plan
// order. Either way the outcome and the journal are the same.
func TestApplyParallel(t *testing.T) {
	for _, tt := range []struct {
		parallel, most int
	}{{1, 1}, {4, 3}} {
		t.Run(fmt.Sprintf("parallel%d", tt.parallel), func(t *testing.T) {
			dir := copyCase(t, "authority")
			st := openStore(t, dir)
			f := load(t, dir, st)
			plan := f.plan(t)
			targets := f.targets()
			w := &slowWriter{oneByOne: oneByOne{targets["replica"]}}
			targets["replica"] = w
			opts := execOpts()
			opts.Parallel = tt.parallel
			res, err := repair.Execute(context.Background(), plan, f.cfg.Contract, targets, st, opts)
			if err != nil || res.Counts != (state.Counts{Applied: 3}) {
				t.Fatalf("apply = %+v, %v; want 3 applied", res, err)
			}
			if w.most != tt.most {
				t.Errorf("%d writes in flight at most, want %d", w.most, tt.most)
			}
			if tt.parallel == 1 && fmt.Sprint(w.order) != "[a1 a2 a4]" {
				t.Errorf("writes in order %v, want plan order [a1 a2 a4]", w.order)
			}
			for i, r := range res.Ops {
				if r.ID != plan.Ops[i].ID {
					t.Errorf("result %d is op %s, want %s: results keep plan order", i, r.ID, plan.Ops[i].ID)
				}
			}
			checkAppliedOnce(t, st, plan)
		})
	}
}
