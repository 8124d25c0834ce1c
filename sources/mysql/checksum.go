package mysql

import (
	"context"

	"github.com/drift-sh/drift/internal/redact"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource"
)

var _ sources.Checksummer = (*Source)(nil)

// BeginChecksum opens the same consistent-snapshot transaction as Fetch
// and compares ranges of the table inside it.
func (s *Source) BeginChecksum(ctx context.Context) (sources.ChecksumSession, error) {
	if s.table.Query != "" || s.opts.Checksum == "off" {
		return s.table.BeginChecksum(ctx, nil, sources.Snapshot{}, func() {}, s.opts.ChecksumOptions)
	}
	conn, version, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	run := sqlsource.SQLRunner{Conn: conn, Table: s.table}
	cs, err := s.table.BeginChecksum(ctx, run, sources.Snapshot{Version: version}, func() { end(conn) }, s.opts.ChecksumOptions)
	if err != nil {
		return nil, redact.Error(err, s.opts.DSN)
	}
	return cs, nil
}
