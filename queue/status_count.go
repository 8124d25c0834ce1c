package queue

import (
	"context"
	"fmt"
)

// countSQL counts the reconciliation jobs by where they stand (see
// jobState) in one statement that PostgreSQL and SQLite both run, so
// that `drift queue status`, polled while workers run, reads no job's
// args. River's tables are found on the connection's search path (the
// store's schema) or in the SQLite file.
const countSQL = `SELECT
	COALESCE(SUM(CASE WHEN state IN ('available', 'pending') THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN state IN ('retryable', 'scheduled') THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN state = 'completed' AND ` + outcomeSQL + ` <> 'converged' THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN state = 'completed' AND ` + outcomeSQL + ` = 'converged' THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN state = 'cancelled' AND ` + outcomeSQL + ` = 'manual' THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN state = 'discarded' OR state = 'cancelled' AND ` + outcomeSQL + ` <> 'manual' THEN 1 ELSE 0 END), 0)
	FROM river_job WHERE kind = '` + Kind + `'`

// outcomeSQL is a job's recorded outcome (see Output), "" when it has none.
const outcomeSQL = `COALESCE(metadata->'output'->>'outcome', '')`

// count counts the queue's jobs by state with countSQL.
func (b *driverBackend[TTx]) count(ctx context.Context) (Status, error) {
	s := Status{Schema: StatusSchema}
	var n [7]int64
	err := b.driver.GetExecutor().QueryRow(ctx, countSQL).Scan(&n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6])
	if err != nil {
		return Status{}, fmt.Errorf("count the queue's jobs: %w", err)
	}
	s.Available, s.Running, s.Retryable, s.Completed = int(n[0]), int(n[1]), int(n[2]), int(n[3])
	s.Converged, s.Manual, s.Discarded = int(n[4]), int(n[5]), int(n[6])
	return s, nil
}
