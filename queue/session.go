package queue

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/repair"
	"github.com/drift-sh/drift/state"
)

// session returns the process's run, opening it on first use: a shared
// lease on every writable source, refused (state.ErrLeaseHeld) while an
// apply, rollback or repair holds one of them. A run whose lease was taken
// over (the process stalled past the TTL) is replaced by a new one.
func (h *Handler) session(ctx context.Context) (*repair.Session, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sess != nil && h.sess.Lost() != nil {
		h.warn("the worker's run lost its lease; starting another", h.sess.Lost())
		_ = h.sess.Close(ctx)
		h.sess = nil
	}
	if h.sess != nil {
		return h.sess, nil
	}
	s, err := repair.OpenSession(ctx, h.Contract, repair.Targets(h.Sources), h.Journal,
		repair.ExecOptions{RunID: h.runID(), ConfigPath: h.ConfigPath, Now: h.Now, Trace: h.Trace})
	if err != nil {
		return nil, err
	}
	h.sess = s
	return s, nil
}

// closeSession finishes the process's run, if it was opened.
func (h *Handler) closeSession(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sess == nil {
		return nil
	}
	err := h.sess.Close(ctx)
	h.sess = nil
	return err
}

// lockKey locks the job's key in the process's run. A source an apply
// holds, or a key another worker is working, puts the job back for a
// fraction of a second without counting an attempt.
func (h *Handler) lockKey(ctx context.Context, key diff.Key) (*repair.Session, func(), error) {
	s, err := h.session(ctx)
	if err == nil {
		var unlock func()
		if unlock, err = s.LockKey(ctx, key, h.keyTTL()); err == nil {
			return s, unlock, nil
		}
	}
	if errors.Is(err, state.ErrLeaseHeld) {
		return nil, nil, snooze()
	}
	return nil, nil, err
}

func (h *Handler) keyTTL() time.Duration {
	if h.KeyTTL > 0 {
		return h.KeyTTL
	}
	return DefaultJobTimeout + RescueMargin
}

// snooze puts a job back for 50-500 ms, without counting an attempt.
func snooze() error {
	return river.JobSnooze(time.Duration(50+rand.IntN(450)) * time.Millisecond)
}
