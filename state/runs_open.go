package state

import "context"

// OpenRuns returns the runs a new run may have to close: those still
// marked running, and those interrupted that no run has resumed yet,
// oldest first. Finished runs are left out, so starting a run costs the
// same however long the history grows.
func (s *sqlStore) OpenRuns(ctx context.Context) ([]Run, error) {
	return s.queryRuns(ctx, `SELECT `+runColumns+` FROM runs
		WHERE status = $1 OR (status = $2 AND resumed_by = '')
		ORDER BY started_at, id`, string(StatusRunning), string(StatusInterrupted))
}
