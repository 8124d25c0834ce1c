package state

import (
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

// PlanOps returns, per op id, the latest entry of that op across the runs
// of the plan that are not rollbacks, runs taken in start order. An op
// whose latest entry is Pending was interrupted between intent and outcome;
// an op absent from the map was never started. An entry holds only what a
// resume needs: its run, sequence number, op id, source, key, action and
// outcome, not its images, so that a plan of 100,000 ops resumes without
// reading them all back.
func (s *sqlStore) PlanOps(ctx context.Context, planID string) (map[string]Entry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT j.run_id, j.seq, j.op_id, j.source, j.key_json, j.action, j.outcome
		FROM journal j JOIN runs r ON r.id = j.run_id
		WHERE r.plan_id = $1 AND r.kind <> $2 ORDER BY r.started_at, r.id, j.seq`,
		planID, string(KindRollback))
	if err != nil {
		return nil, s.fail("read journal", err)
	}
	defer rows.Close()
	latest := map[string]Entry{}
	for rows.Next() {
		var e Entry
		var key, outcome string
		if err := rows.Scan(&e.RunID, &e.Seq, &e.OpID, &e.Source, &key, &e.Action, &outcome); err != nil {
			return nil, s.fail("read journal", err)
		}
		e.Key, e.Outcome = []byte(key), Outcome(outcome)
		latest[e.OpID] = e
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("read journal", err)
	}
	return latest, nil
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
	e.Key, e.Before, e.After, e.Reason = []byte(key), rawJSON(before), rawJSON(after), rawJSON(reason)
	e.Outcome = Outcome(outcome)
	var errAt, errFinish error
	e.At, errAt = parseTime(at)
	e.FinishedAt, errFinish = parseTime(finished)
	return e, errors.Join(errAt, errFinish)
}
