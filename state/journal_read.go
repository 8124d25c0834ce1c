package state

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
)

// Journal returns a run's entries in sequence order.
func (s *sqlStore) Journal(ctx context.Context, runID string) ([]Entry, error) {
	return s.queryEntries(ctx, `SELECT `+entryColumns+` FROM journal j
		WHERE j.run_id = $1 ORDER BY j.seq`, runID)
}

// JournalForKey returns every entry touching the key, oldest first.
func (s *sqlStore) JournalForKey(ctx context.Context, keyJSON string) ([]Entry, error) {
	return s.queryEntries(ctx, `SELECT `+entryColumns+` FROM journal j JOIN runs r ON r.id = j.run_id
		WHERE j.key_json = $1 ORDER BY r.started_at, r.id, j.seq`, keyJSON)
}

// PlanOps returns, per op id, the state of the latest entry of that op
// across the runs of the plan that are not rollbacks, runs taken in start
// order. An op whose latest entry is Pending was interrupted between intent
// and outcome; an op absent from the map was never started. Only what a
// resume needs is read and kept (OpState: 40 bytes an op, against 248 for
// an Entry), not the entry's key, images or reason, so that a plan of
// 100,000 ops resumes without reading them all back. The runs are listed
// first and each run's entries read in sequence order through the
// journal's primary key, so no sort of the journal is needed.
//
// The runs are read newest first, and once they name ops ops (the plan's
// count; 0 for no limit) the older runs are not read: each op's latest
// entry is known. So the tenth re-apply of a plan reads one run, not ten.
// This holds because a plan id is a hash of the plan's ops, their ids
// included: every run under it journals those op ids and no other.
func (s *sqlStore) PlanOps(ctx context.Context, planID string, ops int) (map[string]OpState, error) {
	runs, err := s.planRunIDs(ctx, planID)
	if err != nil {
		return nil, s.fail("read journal", err)
	}
	// Sized once: a plan of 100,000 ops would otherwise grow the map
	// (and copy its entries) a dozen times. The plan's runs name only its
	// ops, so ops is the most it holds.
	n := ops
	if n <= 0 && len(runs) > 0 {
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM journal WHERE run_id = $1`, runs[len(runs)-1]).Scan(&n); err != nil {
			return nil, s.fail("read journal", err)
		}
	}
	latest := make(map[string]OpState, n)
	for i := len(runs) - 1; i >= 0 && (ops <= 0 || len(latest) < ops); i-- {
		if err := s.runOps(ctx, runs[i], latest); err != nil {
			return nil, s.fail("read journal", err)
		}
	}
	return latest, nil
}

// planRunIDs lists the ids of the plan's runs that are not rollbacks, in
// start order.
func (s *sqlStore) planRunIDs(ctx context.Context, planID string) ([]string, error) {
	return textColumn(s.db.QueryContext(ctx, `SELECT id FROM runs WHERE plan_id = $1 AND kind <> $2
		ORDER BY started_at, id`, planID, string(KindRollback)))
}

// textColumn reads the one text column of a query's rows (or returns the
// query's error).
func textColumn(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// runOps files each entry of one run under its op id in latest, in
// sequence order, so a later entry of an op replaces an earlier one of
// the run; an op that latest holds from a newer run is left as it is.
func (s *sqlStore) runOps(ctx context.Context, runID string, latest map[string]OpState) error {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, op_id, outcome FROM journal WHERE run_id = $1 ORDER BY seq`, runID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var outcome sql.RawBytes
	var id string
	for rows.Next() {
		e := OpState{RunID: runID}
		if err := rows.Scan(&e.Seq, &id, &outcome); err != nil {
			return err
		}
		e.Outcome = outcomeOf(outcome)
		if had, ok := latest[id]; ok && had.RunID != runID {
			continue // a newer run's entry
		}
		latest[id] = e
	}
	return rows.Err()
}

// outcomes are the outcomes a journal holds, so that reading one
// allocates nothing.
var outcomes = []Outcome{OutcomePending, OutcomeApplied, OutcomeAlreadyApplied, OutcomeConflict, OutcomeFailed, OutcomeNotApplied}

// outcomeOf is the outcome named b.
func outcomeOf(b []byte) Outcome {
	for _, o := range outcomes {
		if string(o) == string(b) {
			return o
		}
	}
	return Outcome(b)
}

func (s *sqlStore) queryEntries(ctx context.Context, query string, args ...any) ([]Entry, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.fail("read journal", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, s.fail("read journal", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("read journal", err)
	}
	return out, nil
}

func scanEntry(rows *sql.Rows) (Entry, error) {
	var e Entry
	var key, outcome string
	var before, after, at, finished, reason sql.NullString
	err := rows.Scan(&e.RunID, &e.Seq, &e.OpID, &e.Source, &key, &e.Action,
		&before, &after, &outcome, &e.Error, &at, &finished, &reason)
	if err != nil {
		return e, err
	}
	e.Key, e.Before, e.Reason = []byte(key), rawJSON(before), rawJSON(reason)
	e.Outcome = Outcome(outcome)
	if e.Outcome == OutcomeAlreadyApplied && after.Valid && after.String == sameAsBefore {
		e.After = bytes.Clone(e.Before)
	} else {
		e.After = rawJSON(after)
	}
	var errAt, errFinish error
	e.At, errAt = parseTime(at)
	e.FinishedAt, errFinish = parseTime(finished)
	return e, errors.Join(errAt, errFinish)
}
