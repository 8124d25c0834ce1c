package postgres

import (
	"context"
)

// Version is the server's WAL position now (the replay position on a
// standby), as Fetch dates a snapshot: a queue worker compares it with the
// version its job was made at, and retries the job later when it went
// backwards (a lagging replica behind a load balancer). One query on the
// connection Get uses, no table read.
func (s *Source) Version(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	conn, err := s.writer(ctx)
	if err != nil {
		return "", err
	}
	var lsn *string
	if err := conn.QueryRow(ctx, versionSQL).Scan(&lsn); err != nil {
		return "", s.errorf("read WAL position: %w", err)
	}
	if lsn == nil {
		return "", nil
	}
	return *lsn, nil
}
