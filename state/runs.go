package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// runColumns is the column list that scanRun reads.
const runColumns = `id, kind, plan_id, config_path, contract_name, contract_version, contract_digest,
	run_user, host, rollback_of, started_at, finished_at, status,
	applied, already_applied, conflict, failed, resumed_by`

// BeginRun records a new run as Running. User and Host default to the OS
// user and host name; StartedAt defaults to now.
func (s *sqlStore) BeginRun(ctx context.Context, r Run) error {
	if r.ID == "" || r.Kind == "" {
		return fmt.Errorf("state store: begin run: the run needs an id and a kind")
	}
	if r.User == "" && r.Host == "" {
		r.User, r.Host = whoami()
	}
	if r.StartedAt.IsZero() {
		r.StartedAt = time.Now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO runs (`+runColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12, 0, 0, 0, 0, '')`,
		r.ID, string(r.Kind), r.PlanID, r.ConfigPath, r.Contract.Name, r.Contract.Version, r.Contract.Digest,
		r.User, r.Host, r.RollbackOf, formatTime(r.StartedAt), string(StatusRunning))
	if err != nil {
		return s.fail("begin run "+r.ID, err)
	}
	return nil
}

// FinishRun sets a run's final status and finish time.
func (s *sqlStore) FinishRun(ctx context.Context, runID string, status Status, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE runs SET status = $1, finished_at = $2 WHERE id = $3`,
		string(status), nullTime(at), runID)
	if err != nil {
		return s.fail("finish run "+runID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("state store: finish run %s: %w", runID, ErrNotFound)
	}
	return nil
}

// ResumeRun records that run byRunID resumes run runID: a Running run (its
// process is gone) becomes Interrupted at at; an Interrupted one keeps its
// finish time. A run that finished otherwise, or that another run already
// resumed, is left as it is.
func (s *sqlStore) ResumeRun(ctx context.Context, runID, byRunID string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE runs SET status = $1, resumed_by = $2,
		finished_at = COALESCE(finished_at, $3) WHERE id = $4 AND status IN ($5, $1) AND resumed_by = ''`,
		string(StatusInterrupted), byRunID, nullTime(at), runID, string(StatusRunning))
	if err != nil {
		return s.fail("mark run "+runID+" resumed", err)
	}
	return nil
}

// Run returns one run, or an error wrapping ErrNotFound.
func (s *sqlStore) Run(ctx context.Context, id string) (Run, error) {
	runs, err := s.queryRuns(ctx, `SELECT `+runColumns+` FROM runs WHERE id = $1`, id)
	if err != nil {
		return Run{}, err
	}
	if len(runs) == 0 {
		return Run{}, fmt.Errorf("run %s: %w; `drift history` lists the runs", id, ErrNotFound)
	}
	return runs[0], nil
}

// Runs returns up to limit runs, newest first; limit <= 0 means all.
func (s *sqlStore) Runs(ctx context.Context, limit int) ([]Run, error) {
	return s.queryRuns(ctx, `SELECT `+runColumns+` FROM runs
		ORDER BY started_at DESC, id DESC LIMIT $1`, sqlLimit(limit))
}

// RunsForKey returns the runs whose journal touches the key, newest first.
func (s *sqlStore) RunsForKey(ctx context.Context, keyJSON string) ([]Run, error) {
	return s.queryRuns(ctx, `SELECT `+runColumns+` FROM runs
		WHERE id IN (SELECT run_id FROM journal WHERE key_json = $1)
		ORDER BY started_at DESC, id DESC`, keyJSON)
}

// sqlLimit maps "no limit" to a bound both backends accept.
func sqlLimit(limit int) int64 {
	if limit <= 0 {
		return 1<<62 - 1
	}
	return int64(limit)
}

func (s *sqlStore) queryRuns(ctx context.Context, query string, args ...any) ([]Run, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.fail("read runs", err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, s.fail("read runs", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("read runs", err)
	}
	return out, nil
}

func scanRun(rows *sql.Rows) (Run, error) {
	var r Run
	var kind, status string
	var started, finished sql.NullString
	err := rows.Scan(&r.ID, &kind, &r.PlanID, &r.ConfigPath, &r.Contract.Name, &r.Contract.Version,
		&r.Contract.Digest, &r.User, &r.Host, &r.RollbackOf, &started, &finished, &status,
		&r.Counts.Applied, &r.Counts.AlreadyApplied, &r.Counts.Conflict, &r.Counts.Failed, &r.ResumedBy)
	if err != nil {
		return r, err
	}
	r.Kind, r.Status = Kind(kind), Status(status)
	var errStart, errFinish error
	r.StartedAt, errStart = parseTime(started)
	r.FinishedAt, errFinish = parseTime(finished)
	return r, errors.Join(errStart, errFinish)
}
