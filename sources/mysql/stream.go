package mysql

import (
	"context"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/redact"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource"
)

var _ sources.Streamer = (*Source)(nil)

// Stream implements sources.Streamer: it is Fetch (or FetchLocated when
// located), with each row's values read from the bytes the driver gave
// (sqlsource.MySQLKind), without a Go value per column.
func (s *Source) Stream(ctx context.Context, located bool, emit func(contract.Record) error) (sources.Snapshot, error) {
	if located && s.Rereadable() {
		read := func(ctx context.Context, conn sqlsource.SQLConn, loc *sqlsource.Located, emit func(contract.Record) error) (int, error) {
			return s.table.StreamLocated(ctx, conn, loc, sqlsource.MySQLKind, emit)
		}
		return s.held.FetchLocated(ctx, s.table, s.opener(read), emit)
	}
	conn, version, err := s.begin(ctx)
	if err != nil {
		return sources.Snapshot{}, err
	}
	defer end(conn)
	n, err := s.table.Stream(ctx, conn, sqlsource.MySQLKind, emit)
	if err != nil {
		return sources.Snapshot{}, redact.Error(err, s.opts.DSN)
	}
	return sources.Snapshot{Version: version, Records: n}, nil
}
