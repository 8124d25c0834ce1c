package repair

import (
	"context"
	"fmt"
)

// guard returns the context a plan is applied in: stopped (through stop)
// as soon as the session's lease or the lock of a key the plan writes is
// taken over, and carrying their heartbeats, which bound each write (see
// writeContext). A lock lost already is an error, before anything is
// journaled. forget stops watching them.
func (s *Session) guard(ctx context.Context, stop context.CancelCauseFunc, ops []Op) (_ context.Context, forget func(), err error) {
	locks := []context.Context{s.ctx}
	for _, op := range ops {
		keyJSON, err := op.Key.MarshalJSON()
		if err != nil {
			return nil, nil, fmt.Errorf("op %s: key %v: %w", op.ID, op.Key, err)
		}
		if l, ok := s.held.Load(s.keyLock(keyJSON)); ok {
			locks = append(locks, l.(context.Context))
		}
	}
	var forgets []func()
	forget = func() {
		for _, f := range forgets {
			f()
		}
	}
	for _, l := range locks {
		if err := leaseLost(l); err != nil {
			forget()
			return nil, nil, fmt.Errorf("run %s: %w", s.RunID(), err)
		}
		forgets = append(forgets, watchLock(l, stop))
		ctx = withHeartbeats(ctx, heartbeatsOf(l)...)
	}
	return ctx, forget, nil
}

// watchLock stops the plan (stop) when the lease or lock of lctx is taken
// over; forget stops watching.
func watchLock(lctx context.Context, stop context.CancelCauseFunc) (forget func()) {
	unwatch := context.AfterFunc(lctx, func() {
		if err := leaseLost(lctx); err != nil {
			stop(err)
		}
	})
	return func() { unwatch() }
}

// keyLock is the name of the lock of a key of the session's contract.
func (s *Session) keyLock(keyJSON []byte) string {
	return "key " + s.x.c.Name + " " + string(keyJSON)
}

// heartbeatsOf are the heartbeats of the leases ctx was claimed under.
func heartbeatsOf(ctx context.Context) []*heartbeat {
	hs, _ := ctx.Value(heartbeatsKey{}).([]*heartbeat)
	return hs
}
