package mysql

import (
	"context"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/redact"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource"
)

var (
	_ sources.Rereader = (*Source)(nil)
	_ sources.Releaser = (*Source)(nil)
)

// Rereadable reports whether records can be read again: for a table, yes;
// for a query, no.
func (s *Source) Rereadable() bool { return s.table.Rereadable() }

// FetchLocated is Fetch with each record's ordinal (0, 1, 2, ...) in Pos.
// It remembers every record's key and keeps its consistent-snapshot
// transaction, and its connection, open after it returns, so that Reread
// sees the same snapshot. They stay open until Close or the next
// FetchLocated, even when no record is read again: a scan calls Reread as
// often as it needs, then closes every source. A query source is read
// with Fetch.
func (s *Source) FetchLocated(ctx context.Context, emit func(contract.Record) error) (sources.Snapshot, error) {
	if !s.Rereadable() {
		return s.Fetch(ctx, emit)
	}
	return s.held.FetchLocated(ctx, s.table, s.opener(s.table.FetchLocated), emit)
}

// locatedRead reads every record through conn, remembering each in loc:
// Table.FetchLocated, or Table.StreamLocated.
type locatedRead func(ctx context.Context, conn sqlsource.SQLConn, loc *sqlsource.Located, emit func(contract.Record) error) (int, error)

// opener returns what begins the consistent-snapshot transaction of a
// FetchLocated that reads with read.
func (s *Source) opener(read locatedRead) func(context.Context) (sqlsource.Opened, error) {
	return func(ctx context.Context) (sqlsource.Opened, error) {
		conn, version, err := s.begin(ctx)
		if err != nil {
			return sqlsource.Opened{}, err
		}
		fetch := func(ctx context.Context, loc *sqlsource.Located, emit func(contract.Record) error) (int, error) {
			n, err := read(ctx, conn, loc, emit)
			return n, redact.Error(err, s.opts.DSN)
		}
		return sqlsource.Opened{Version: version, Fetch: fetch, Select: sqlsource.SQLSelect(conn), End: func() { end(conn) }}, nil
	}
}

// Reread selects the records at positions locs again, by key, inside the
// transaction FetchLocated left open, a few hundred keys per statement,
// and emits them in the order of locs with the Pos they had. A key the
// snapshot no longer holds is an error.
func (s *Source) Reread(ctx context.Context, locs []int64, emit func(contract.Record) error) error {
	return redact.Error(s.held.Reread(ctx, s.table, locs, emit), s.opts.DSN)
}

// Release ends the snapshot FetchLocated keeps open, once the scan needs no
// more re-reads, so that a long session does not hold a transaction.
func (s *Source) Release() { s.held.Release() }
