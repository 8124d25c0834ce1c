package sqlite

import (
	"context"

	"github.com/drift-sh/drift/contract"
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
// It remembers every record's key and keeps its read transaction open
// after it returns, so that Reread sees the same snapshot. It stays open,
// holding SQLite's read lock (which, in rollback-journal mode, keeps
// writers from committing), until Close or the next FetchLocated, even
// when no record is read again: a scan calls Reread as often as it needs,
// then closes every source. A query source is read with Fetch.
func (s *Source) FetchLocated(ctx context.Context, emit func(contract.Record) error) (sources.Snapshot, error) {
	if !s.Rereadable() {
		return s.Fetch(ctx, emit)
	}
	return s.held.FetchLocated(ctx, s.table, s.openLocated, emit)
}

// openLocated begins the read transaction of a FetchLocated.
func (s *Source) openLocated(ctx context.Context) (sqlsource.Opened, error) {
	rt, version, err := s.begin(ctx)
	if err != nil {
		return sqlsource.Opened{}, err
	}
	fetch := func(ctx context.Context, loc *sqlsource.Located, emit func(contract.Record) error) (int, error) {
		return s.table.FetchLocated(ctx, rt.tx, loc, emit)
	}
	return sqlsource.Opened{Version: version, Fetch: fetch, Select: sqlsource.SQLSelect(rt.tx), End: rt.end}, nil
}

// Reread selects the records at positions locs again, by key, inside the
// transaction FetchLocated left open, a few hundred keys per statement,
// and emits them in the order of locs with the Pos they had. A key the
// snapshot no longer holds is an error.
func (s *Source) Reread(ctx context.Context, locs []int64, emit func(contract.Record) error) error {
	return s.held.Reread(ctx, s.table, locs, emit)
}

// Release ends the snapshot FetchLocated keeps open, once the scan needs no
// more re-reads, so that a long session does not hold a transaction.
func (s *Source) Release() { s.held.Release() }
