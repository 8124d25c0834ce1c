package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sort"
	"time"
)

// LeaseTTL is how long a run's lease outlives its last heartbeat: a run
// renews its lease about every third of it, so a lease this old belongs to
// a process that is gone or stalled.
const LeaseTTL = 30 * time.Second

// Errors of the leases.
var (
	// ErrLeaseHeld is what a *LeaseHeldError is: a live run holds a source.
	ErrLeaseHeld = errors.New("source in use by another run")
	// ErrLeaseLost means a run's lease was taken over while it ran: its
	// heartbeat had stopped for longer than the TTL.
	ErrLeaseLost = errors.New("the run's lease was taken over by another run")
)

// Lease is a run's claim on one source of a state store: while a live run
// holds it, no other run writes the source. A lease is a row rather than a
// PostgreSQL advisory lock so that both backends share it, so that a
// refusal can name the holder (run, process, host, since when), and so
// that it does not depend on keeping one pooled connection open.
type Lease struct {
	Source string
	RunID  string
	// Shared marks a lease that other shared holders may hold at once (the
	// runs of queue workers, which lock each key they write); a shared
	// lease still excludes every exclusive one (apply, rollback, repair).
	Shared bool
	// PID and Host are the holder's process; AcquireLease fills them from
	// the OS when zero.
	PID  int
	Host string
	// Since is when the run took the lease; Heartbeat when it last renewed it.
	Since     time.Time
	Heartbeat time.Time
}

// expired reports whether the lease l can be taken over at now: its
// heartbeat is older than ttl, or it was taken on host by a process that
// no longer exists.
func (l Lease) expired(now time.Time, host string, ttl time.Duration) bool {
	return now.Sub(l.Heartbeat) > ttl || (l.Host == host && !processAlive(l.PID))
}

// LeaseHeldError refuses a run a source that a live run holds.
type LeaseHeldError struct {
	Held Lease
	// Now is when the refusal was made, to say how old the heartbeat is.
	Now time.Time
	TTL time.Duration
}

func (e *LeaseHeldError) Error() string {
	h := e.Held
	holder, wait := "run", "wait for that run to finish"
	if h.Shared {
		holder, wait = "the queue worker of run", "stop the drift worker processes on it (SIGTERM) first"
	}
	return fmt.Sprintf("source %q is in use by %s %s (pid %d on host %s, since %s, last heartbeat %s ago); "+
		"%s; if its process was killed, run again: its lease is taken over once that process "+
		"is gone from host %s, or %s after its last heartbeat",
		h.Source, holder, h.RunID, h.PID, h.Host, h.Since.UTC().Format(time.RFC3339),
		e.Now.Sub(h.Heartbeat).Round(time.Second), wait, h.Host, e.TTL)
}

// Is makes errors.Is(err, ErrLeaseHeld) true.
func (e *LeaseHeldError) Is(target error) bool { return target == ErrLeaseHeld }

// AcquireLease takes the leases on sources for holder.RunID, all or none,
// at holder.Since (default now), exclusive or, with holder.Shared, shared.
// A source whose lease another run holds and has not let expire (see
// LeaseTTL) refuses the whole request with a *LeaseHeldError, unless both
// leases are shared; expired leases, shared or not, are taken over and
// returned, so that their runs can be marked interrupted.
func (s *sqlStore) AcquireLease(ctx context.Context, holder Lease, sources []string, ttl time.Duration) ([]Lease, error) {
	holder = fillHolder(holder)
	names := uniqueSorted(sources)
	var taken []Lease
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if s.d.lockLeases != nil {
			if err := s.d.lockLeases(ctx, tx, names); err != nil {
				return err
			}
		}
		taken = nil
		for _, name := range names {
			held, err := holdersOf(ctx, tx, name)
			if err != nil {
				return err
			}
			for _, h := range held {
				switch {
				case h.RunID == holder.RunID:
				case h.expired(holder.Since, holder.Host, ttl):
					taken = append(taken, h)
				case !(h.Shared && holder.Shared):
					return &LeaseHeldError{Held: h, Now: holder.Since, TTL: ttl}
				}
			}
		}
		return putLeases(ctx, tx, holder, names, taken)
	})
	var refused *LeaseHeldError
	if errors.As(err, &refused) {
		return nil, err
	}
	if err != nil {
		return nil, s.fail("take the lease of run "+holder.RunID, err)
	}
	return taken, nil
}

func fillHolder(h Lease) Lease {
	if h.PID == 0 {
		h.PID = os.Getpid()
	}
	if h.Host == "" {
		_, h.Host = whoami()
	}
	if h.Since.IsZero() {
		h.Since = time.Now()
	}
	h.Heartbeat = h.Since
	return h
}

func parseLeaseTimes(l *Lease, since, beat string) error {
	var err1, err2 error
	l.Since, err1 = parseTime(sql.NullString{String: since, Valid: true})
	l.Heartbeat, err2 = parseTime(sql.NullString{String: beat, Valid: true})
	return errors.Join(err1, err2)
}

// putLeases drops the leases taken over and writes h's on names.
func putLeases(ctx context.Context, tx *sql.Tx, h Lease, names []string, taken []Lease) error {
	for _, l := range taken {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+leaseTable(l.Shared)+` WHERE source = $1 AND run_id = $2`, l.Source, l.RunID); err != nil {
			return err
		}
	}
	// A run taking again a lease it holds replaces its row; any other
	// row of an exclusive lease's source was refused or taken over above.
	table, conflict := "leases", "source"
	if h.Shared {
		table, conflict = "shared_leases", "source, run_id"
	}
	for _, name := range names {
		_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (source, run_id, pid, host, since, heartbeat)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (`+conflict+`) DO UPDATE SET run_id = excluded.run_id,
			pid = excluded.pid, host = excluded.host, since = excluded.since, heartbeat = excluded.heartbeat`,
			name, h.RunID, h.PID, h.Host, formatTime(h.Since), formatTime(h.Heartbeat))
		if err != nil {
			return err
		}
	}
	return nil
}

// RenewLease records a heartbeat at at on every lease of sources that run
// runID holds. A lease no longer held (taken over after it expired) is an
// error wrapping ErrLeaseLost: the run must stop writing.
func (s *sqlStore) RenewLease(ctx context.Context, runID string, sources []string, at time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, name := range uniqueSorted(sources) {
			var n int64
			for _, table := range []string{"leases", "shared_leases"} {
				res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET heartbeat = $1 WHERE source = $2 AND run_id = $3`,
					formatTime(at), name, runID)
				if err != nil {
					return err
				}
				if k, err := res.RowsAffected(); err == nil {
					n += k
				}
			}
			if n == 0 {
				return fmt.Errorf("source %q: %w", name, ErrLeaseLost)
			}
		}
		return nil
	})
	if err != nil {
		return s.fail("renew the lease of run "+runID, err)
	}
	return nil
}

// ReleaseLease gives up every lease that run runID holds. Each table is
// a statement of its own, with no transaction around them: letting leases
// go needs no atomicity (a run that holds fewer excludes less), and a
// queue worker lets a key's lock go once a job.
func (s *sqlStore) ReleaseLease(ctx context.Context, runID string) error {
	for _, table := range []string{"leases", "shared_leases"} {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM `+table+` WHERE run_id = $1`, runID); err != nil {
			return s.fail("release the lease of run "+runID, err)
		}
	}
	return nil
}

// Leases returns the leases held now, live or expired, exclusive and
// shared, by source name.
func (s *sqlStore) Leases(ctx context.Context) ([]Lease, error) {
	out, err := queryLeases(ctx, s.db, leaseSelect+` ORDER BY source, shared, run_id`)
	if err != nil {
		return nil, s.fail("read leases", err)
	}
	return out, nil
}

func uniqueSorted(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
