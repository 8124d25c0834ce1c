package repair

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/drift-sh/drift/state"
)

// heartbeat is when a held lease was last renewed, and its TTL: another
// process may take the lease over once ttl has passed since then.
type heartbeat struct {
	ttl  time.Duration
	last atomic.Int64 // unix nanoseconds of the last successful renewal
}

func newHeartbeat(ttl time.Duration, at time.Time) *heartbeat {
	h := &heartbeat{ttl: ttl}
	h.renewed(at)
	return h
}

// renewed records a renewal that stamped the lease at.
func (h *heartbeat) renewed(at time.Time) { h.last.Store(at.UnixNano()) }

// writeBy is when a write made under the lease must be over: a quarter of
// the TTL before the lease could be taken over, were it renewed no more.
func (h *heartbeat) writeBy() time.Time {
	return time.Unix(0, h.last.Load()).Add(h.ttl - h.ttl/4)
}

type heartbeatsKey struct{}

// withHeartbeats returns ctx carrying hs beside the heartbeats it carries.
func withHeartbeats(ctx context.Context, hs ...*heartbeat) context.Context {
	old, _ := ctx.Value(heartbeatsKey{}).([]*heartbeat)
	all := append(append([]*heartbeat(nil), old...), hs...)
	return context.WithValue(ctx, heartbeatsKey{}, all)
}

// writeContext is the context of one write under the leases ctx carries:
// it ends once the first of them goes unrenewed until it could soon be
// taken over (see writeBy), so a write never lands after another process
// may have settled its op. A write slower than that keeps going as long
// as its leases are renewed. With no lease it is ctx.
func writeContext(ctx context.Context) (context.Context, context.CancelFunc) {
	hs, _ := ctx.Value(heartbeatsKey{}).([]*heartbeat)
	if len(hs) == 0 {
		return ctx, func() {}
	}
	wctx, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	go func() {
		t := time.NewTimer(0)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			d := time.Until(writeBy(hs))
			if d <= 0 {
				cancel(errWriteDeadline)
				return
			}
			t.Reset(d)
		}
	}()
	return wctx, func() { close(done); cancel(nil) }
}

// writeBy is the earliest writeBy of hs.
func writeBy(hs []*heartbeat) time.Time {
	by := hs[0].writeBy()
	for _, h := range hs[1:] {
		if t := h.writeBy(); t.Before(by) {
			by = t
		}
	}
	return by
}

// errNotWritten is the error of a write not made because its lease was
// lost: the op is journaled not-applied.
var errNotWritten = errors.New("not written: the run's lease was taken over")

var errWriteDeadline = errors.New("the write outlasted the run's lease: stopped before another process could take it over")

// leaseLost is the error wrapping state.ErrLeaseLost that ended ctx, or
// nil: a run (or a worker's key lock) whose lease was taken over writes
// nothing more.
func leaseLost(ctx context.Context) error {
	if err := context.Cause(ctx); errors.Is(err, state.ErrLeaseLost) {
		return err
	}
	return nil
}
