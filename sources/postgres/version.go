package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Version is the server's WAL position now (the replay position on a
// standby), as Fetch dates a snapshot: a queue worker compares it with the
// version its job was made at, and retries the job later when it went
// backwards (a lagging replica behind a load balancer). One query on the
// connection Get uses, no table read.
func (s *Source) Version(ctx context.Context) (string, error) {
	var lsn *string
	err := s.withConn(ctx, func(conn *pgx.Conn) error {
		if err := conn.QueryRow(ctx, versionSQL).Scan(&lsn); err != nil {
			return s.errorf("read WAL position: %w", err)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if lsn == nil {
		return "", nil
	}
	return *lsn, nil
}
