package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

const entryColumns = `j.run_id, j.seq, j.op_id, j.source, j.key_json, j.action,
	j.before_json, j.after_json, j.outcome, j.error, j.at, j.finished_at, j.reason_json`

// countColumns maps each final outcome to its counter in runs.
var countColumns = map[Outcome]string{
	OutcomeApplied:        "applied",
	OutcomeAlreadyApplied: "already_applied",
	OutcomeConflict:       "conflict",
	OutcomeFailed:         "failed",
}

// BeginOp logs the intent to write one op as Pending, in its own
// transaction, and returns its sequence number in the run. Call it with
// the before-image before writing, and FinishOp after: an op left Pending
// tells a resume that the write may or may not have happened.
func (s *sqlStore) BeginOp(ctx context.Context, e Entry) (int64, error) {
	e.Outcome, e.FinishedAt = OutcomePending, time.Time{}
	return s.appendEntry(ctx, e)
}

// RecordOp logs an op together with its final outcome, in one transaction.
func (s *sqlStore) RecordOp(ctx context.Context, e Entry) (int64, error) {
	if _, ok := countColumns[e.Outcome]; !ok {
		return 0, fmt.Errorf("state store: record op %s: outcome %q is not one of applied, already-applied, conflict, failed", e.OpID, e.Outcome)
	}
	if e.FinishedAt.IsZero() {
		e.FinishedAt = e.At
	}
	return s.appendEntry(ctx, e)
}

func (s *sqlStore) appendEntry(ctx context.Context, e Entry) (int64, error) {
	if e.RunID == "" || e.OpID == "" || len(e.Key) == 0 {
		return 0, fmt.Errorf("state store: log op: an entry needs a run id, an op id and a key")
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	if e.Outcome != OutcomePending && e.FinishedAt.IsZero() {
		e.FinishedAt = e.At
	}
	var seq int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		row := tx.QueryRowContext(ctx, `UPDATE runs SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq`, e.RunID)
		if err := row.Scan(&seq); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("run %s: %w; begin the run first", e.RunID, ErrNotFound)
			}
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO journal (run_id, seq, op_id, source, key_json, action,
			before_json, after_json, outcome, error, at, finished_at, reason_json)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			e.RunID, seq, e.OpID, e.Source, string(e.Key), e.Action, nullJSON(e.Before), afterJSON(e),
			string(e.Outcome), e.Error, formatTime(e.At), nullTime(e.FinishedAt), nullJSON(e.Reason))
		if err != nil {
			return err
		}
		return s.count(ctx, tx, e.RunID, e.Outcome)
	})
	if err != nil {
		return 0, s.fail(fmt.Sprintf("log op %s of run %s", e.OpID, e.RunID), err)
	}
	return seq, nil
}

// count adds a finished op to its run's counters; Pending counts nowhere.
func (s *sqlStore) count(ctx context.Context, tx *sql.Tx, runID string, o Outcome) error {
	col, ok := countColumns[o]
	if !ok {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE runs SET `+col+` = `+col+` + 1 WHERE id = $1`, runID)
	return err
}

// FinishOp records the final outcome of a Pending op, in its own
// transaction, and counts it in its run. NotApplied, for an op a later run
// found unwritten, is accepted here only, and counts nowhere.
func (s *sqlStore) FinishOp(ctx context.Context, runID string, seq int64, opID string, outcome Outcome, errMsg string, at time.Time) error {
	if _, ok := countColumns[outcome]; !ok && outcome != OutcomeNotApplied {
		return fmt.Errorf("state store: finish op %s: outcome %q is not one of applied, already-applied, conflict, failed, not-applied", opID, outcome)
	}
	if at.IsZero() {
		at = time.Now()
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// The entry is found by its place in the run (the primary key);
		// its op id must match.
		res, err := tx.ExecContext(ctx, `UPDATE journal SET outcome = $1, error = $2, finished_at = $3
			WHERE run_id = $4 AND seq = $5 AND op_id = $6 AND outcome = '`+string(OutcomePending)+`'`,
			string(outcome), errMsg, formatTime(at), runID, seq, opID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fmt.Errorf("%w (BeginOp was not called, or the op is already finished)", ErrNotPending)
		}
		return s.count(ctx, tx, runID, outcome)
	})
	if err != nil {
		return s.fail(fmt.Sprintf("finish op %s of run %s", opID, runID), err)
	}
	return nil
}
