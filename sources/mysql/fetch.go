package mysql

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/redact"
	"github.com/drift-sh/drift/sources"
)

// Fetch reads every record in one START TRANSACTION WITH CONSISTENT
// SNAPSHOT, READ ONLY transaction, streaming the rows. The snapshot version
// is the GTID set (MariaDB's gtid_binlog_pos, MySQL's gtid_executed), else
// the binlog file:position, else empty when the server keeps no binlog.
func (s *Source) Fetch(ctx context.Context, emit func(contract.Record) error) (sources.Snapshot, error) {
	conn, version, err := s.begin(ctx)
	if err != nil {
		return sources.Snapshot{}, err
	}
	defer end(conn)
	n, err := s.table.Fetch(ctx, conn, emit)
	if err != nil {
		return sources.Snapshot{}, redact.Error(err, s.opts.DSN)
	}
	return sources.Snapshot{Version: version, Records: n}, nil
}

// begin takes a connection and starts the consistent-snapshot read
// transaction on it, then reads the replication position.
func (s *Source) begin(ctx context.Context) (*sql.Conn, string, error) {
	conn, err := s.connect(ctx)
	if err != nil {
		return nil, "", err
	}
	for _, stmt := range []string{
		"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ",
		"START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY",
	} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			end(conn)
			return nil, "", s.errorf("%s: %w", stmt, err)
		}
	}
	return conn, s.version(ctx, conn), nil
}

// end rolls the read transaction back and returns the connection.
func end(conn *sql.Conn) {
	_, _ = conn.ExecContext(context.Background(), "ROLLBACK") // read-only: nothing to undo
	_ = conn.Close()
}

// version reads the replication position; servers without a binlog, or
// that refuse the statements, have none.
func (s *Source) version(ctx context.Context, conn *sql.Conn) string {
	for _, q := range []string{"SELECT @@GLOBAL.gtid_binlog_pos", "SELECT @@GLOBAL.gtid_executed"} {
		var v sql.NullString
		if err := conn.QueryRowContext(ctx, q).Scan(&v); err == nil && v.String != "" {
			return v.String
		}
	}
	rows, err := conn.QueryContext(ctx, "SHOW MASTER STATUS")
	if err != nil {
		return ""
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil || len(cols) < 2 || !rows.Next() {
		return ""
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return ""
	}
	return fmt.Sprintf("%s:%s", vals[0], vals[1])
}
