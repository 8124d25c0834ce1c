package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// OpOutcome is the final outcome of one Pending op, for FinishOps: the
// entry Seq of the run, which logged op OpID.
type OpOutcome struct {
	Seq     int64
	OpID    string
	Outcome Outcome
	Error   string
	At      time.Time
}

// journalColumns are the columns AppendOps writes, in insert order.
var journalColumns = []string{"run_id", "seq", "op_id", "source", "key_json", "action",
	"before_json", "after_json", "outcome", "error", "at", "finished_at", "reason_json"}

// AppendOps logs the entries of one run in one transaction, in order: an
// entry whose Outcome is Pending is an intent, as BeginOp logs it; any
// other outcome is a finished op, as RecordOp logs it. Either all are
// logged or none is. It returns their sequence numbers.
func (s *sqlStore) AppendOps(ctx context.Context, entries []Entry) ([]int64, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	runID := entries[0].RunID
	rows, counts, err := journalRows(entries)
	if err != nil {
		return nil, err
	}
	var last int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		row := tx.QueryRowContext(ctx, `UPDATE runs SET last_seq = last_seq + $1 WHERE id = $2 RETURNING last_seq`, len(entries), runID)
		if err := row.Scan(&last); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("run %s: %w; begin the run first", runID, ErrNotFound)
			}
			return err
		}
		first := last - int64(len(entries)) + 1
		for i := range rows {
			rows[i][1] = first + int64(i)
		}
		if err := insertBatch(ctx, tx, s.d, "journal", journalColumns, rows); err != nil {
			return err
		}
		return s.addCounts(ctx, tx, runID, counts)
	})
	if err != nil {
		return nil, s.fail(fmt.Sprintf("log %d ops of run %s", len(entries), runID), err)
	}
	seqs := make([]int64, len(entries))
	for i := range seqs {
		seqs[i] = last - int64(len(entries)) + 1 + int64(i)
	}
	return seqs, nil
}

// journalRows checks entries as appendEntry does and turns them into
// journal rows (seq left to fill), counting their final outcomes.
func journalRows(entries []Entry) ([][]any, map[Outcome]int, error) {
	runID := entries[0].RunID
	now := time.Now()
	// The rows share one array of values, one allocation for them all.
	width := len(journalColumns)
	rows, vals := make([][]any, len(entries)), make([]any, len(entries)*width)
	counts := map[Outcome]int{}
	for i, e := range entries {
		if e.RunID != runID || e.OpID == "" || len(e.Key) == 0 {
			return nil, nil, fmt.Errorf("state store: log ops: every entry needs the run id %q, an op id and a key (entry %d)", runID, i)
		}
		if _, ok := countColumns[e.Outcome]; !ok && e.Outcome != OutcomePending {
			return nil, nil, fmt.Errorf("state store: log op %s: outcome %q is not one of pending, applied, already-applied, conflict, failed", e.OpID, e.Outcome)
		}
		if e.At.IsZero() {
			e.At = now
		}
		if e.Outcome == OutcomePending {
			e.FinishedAt = time.Time{}
		} else if e.FinishedAt.IsZero() {
			e.FinishedAt = e.At
		}
		counts[e.Outcome]++
		at := formatTime(e.At)
		finished := sql.NullString{String: at, Valid: true} // an op that writes nothing finishes as it is logged
		if !e.FinishedAt.Equal(e.At) {
			finished = nullTime(e.FinishedAt)
		}
		row := vals[i*width : (i+1)*width : (i+1)*width]
		copy(row, []any{e.RunID, int64(0), e.OpID, e.Source, argText(e.Key), e.Action, nullJSON(e.Before), afterJSON(e),
			string(e.Outcome), e.Error, at, finished, nullJSON(e.Reason)})
		rows[i] = row
	}
	return rows, counts, nil
}

// FinishOps records the final outcomes of several Pending ops of a run in
// one transaction, and counts them in the run: either all are recorded or
// none is. NotApplied is accepted, as by FinishOp.
func (s *sqlStore) FinishOps(ctx context.Context, runID string, outs []OpOutcome) error {
	if len(outs) == 0 {
		return nil
	}
	counts := map[Outcome]int{}
	for _, o := range outs {
		if _, ok := countColumns[o.Outcome]; !ok && o.Outcome != OutcomeNotApplied {
			return fmt.Errorf("state store: finish op %s: outcome %q is not one of applied, already-applied, conflict, failed, not-applied", o.OpID, o.Outcome)
		}
		counts[o.Outcome]++
	}
	now := time.Now()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := finishMany(ctx, tx, s.d, runID, outs, now); err != nil {
			return err
		}
		return s.addCounts(ctx, tx, runID, counts)
	})
	if err != nil {
		return s.fail(fmt.Sprintf("finish %d ops of run %s", len(outs), runID), err)
	}
	return nil
}

// finishGroup is how many ops one statement of finishMany finishes.
const finishGroup = 500

// finishMany finishes outs in tx: the ops that share an outcome, error
// and time (a batch's writes, finished by one flush, do) by one UPDATE
// per finishGroup of them, naming their entries by sequence number (the
// journal's primary key) and, as a check, their op ids. A queue worker's
// single op makes the same statement on every call, which PostgreSQL's
// driver keeps prepared. Each op must be pending: when fewer entries
// change than ops are named, the statement's ops are reported and the
// transaction is rolled back.
func finishMany(ctx context.Context, tx *sql.Tx, d dialect, runID string, outs []OpOutcome, now time.Time) error {
	type same struct {
		outcome Outcome
		err, at string
	}
	groups := map[same][]OpOutcome{}
	var order []same
	for _, o := range outs {
		k := same{o.Outcome, o.Error, formatTime(finishedAt(o, now))}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], o)
	}
	for _, k := range order {
		group := groups[k]
		for start := 0; start < len(group); start += finishGroup {
			part := group[start:min(start+finishGroup, len(group))]
			p := params{anon: d.anonParams}
			query := `UPDATE journal SET outcome = ` + p.next() + `, error = ` + p.next() + `, finished_at = ` + p.next() +
				` WHERE run_id = ` + p.next() + ` AND outcome = '` + string(OutcomePending) + `' AND seq IN ` + p.list(len(part)) +
				` AND op_id IN ` + p.list(len(part))
			args := make([]any, 0, 4+2*len(part))
			args = append(args, string(k.outcome), k.err, k.at, runID)
			for _, o := range part {
				args = append(args, o.Seq)
			}
			for _, o := range part {
				args = append(args, o.OpID)
			}
			res, err := tx.ExecContext(ctx, query, args...)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n != int64(len(part)) {
				return fmt.Errorf("ops %s to %s: %d of %d have no pending entry (BeginOp was not called, or the op is already finished)",
					part[0].OpID, part[len(part)-1].OpID, int64(len(part))-n, len(part))
			}
		}
	}
	return nil
}

// finishedAt is when an op finished: its At, or now.
func finishedAt(o OpOutcome, now time.Time) time.Time {
	if o.At.IsZero() {
		return now
	}
	return o.At
}

// addCounts adds finished ops to their run's counters in one statement;
// Pending and NotApplied count nowhere.
func (s *sqlStore) addCounts(ctx context.Context, tx *sql.Tx, runID string, counts map[Outcome]int) error {
	set, args := "", []any{}
	for _, o := range []Outcome{OutcomeApplied, OutcomeAlreadyApplied, OutcomeConflict, OutcomeFailed} {
		if n := counts[o]; n > 0 {
			col := countColumns[o]
			if set != "" {
				set += ", "
			}
			args = append(args, n)
			set += fmt.Sprintf("%s = %s + $%d", col, col, len(args))
		}
	}
	if set == "" {
		return nil
	}
	args = append(args, runID)
	_, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE runs SET %s WHERE id = $%d", set, len(args)), args...)
	return err
}
