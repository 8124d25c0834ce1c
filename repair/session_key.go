package repair

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/drift-sh/drift/diff"
	"github.com/drift-sh/drift/state"
)

// ErrKeyLocked is what LockKey's refusal wraps, beside state.ErrLeaseHeld:
// another worker is working the key now.
var ErrKeyLocked = errors.New("another worker is working the key")

// LockKey takes the lock of one key of the session's contract, across
// processes and within this one, and settles the ops left pending on it
// by runs of the contract on the session's targets, its own run's
// included (a worker killed, or a job whose outcomes could not be
// journaled, mid-write): its target holds the op's after-image (applied),
// its before-image (not-applied), or neither (failed). A queue worker
// holds it from its re-read of the key to its write, so one key is worked
// by one worker at a time. The lock is renewed every third of ttl until
// unlock is called; should this process die, another takes it over ttl
// after its last renewal (at once on this host). A plan applied while the
// lock is lost writes nothing more (see Apply). A key another worker
// holds is refused with an error wrapping ErrKeyLocked and
// state.ErrLeaseHeld.
func (s *Session) LockKey(ctx context.Context, key diff.Key, ttl time.Duration) (unlock func(), err error) {
	keyJSON, err := key.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("key %v: %w", key, err)
	}
	unlock, err = s.lock(ctx, []string{s.keyLock(keyJSON)}, ttl)
	if errors.Is(err, state.ErrLeaseHeld) {
		return nil, fmt.Errorf("%w: %w", ErrKeyLocked, err)
	}
	if err != nil {
		return nil, err
	}
	if err := s.settleKey(ctx, keyJSON); err != nil {
		unlock()
		return nil, err
	}
	return unlock, nil
}

// settleKey settles the ops left pending on the key by runs of the
// session's contract on its targets, its own run's included (an earlier
// job whose outcomes could not be journaled after its write): with the
// key's lock held, none of them is being written. One that cannot be
// judged now (its target cannot be read) is an error: writing the key
// before it is settled would make its outcome unknowable.
func (s *Session) settleKey(ctx context.Context, keyJSON []byte) error {
	entries, err := s.x.j.PendingOps(ctx, s.x.c.Name, s.names, string(keyJSON))
	if err != nil {
		return fmt.Errorf("reading the ops pending on key %s: %w", keyJSON, err)
	}
	for _, e := range entries {
		settled, err := s.x.settleEntry(ctx, e)
		if err != nil {
			return err
		}
		if !settled {
			return fmt.Errorf("op %s of run %s is pending on key %s and its target cannot be judged now; retry later", e.OpID, e.RunID, keyJSON)
		}
	}
	return nil
}
