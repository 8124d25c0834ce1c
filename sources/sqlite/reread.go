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

// held is the read transaction of the last FetchLocated, kept open so that
// Reread selects from the same snapshot, and the keys it read.
type held struct {
	rt  readTx
	loc *sqlsource.Located
}

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
	s.release()
	rt, version, err := s.begin(ctx)
	if err != nil {
		return sources.Snapshot{}, err
	}
	loc := sqlsource.NewLocated(s.table)
	n, err := s.table.FetchLocated(ctx, rt.tx, loc, emit)
	if err != nil {
		rt.end()
		return sources.Snapshot{}, err
	}
	s.hmu.Lock()
	s.held = &held{rt: rt, loc: loc}
	s.hmu.Unlock()
	return sources.Snapshot{Version: version, Records: n}, nil
}

// Reread selects the records at positions locs again, by key, inside the
// transaction FetchLocated left open, a few hundred keys per statement,
// and emits them in the order of locs with the Pos they had. A key the
// snapshot no longer holds is an error.
func (s *Source) Reread(ctx context.Context, locs []int64, emit func(contract.Record) error) error {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	if s.held == nil {
		return s.table.Errorf("cannot read records again: the source was not read with FetchLocated, or was closed since")
	}
	return s.held.loc.Reread(ctx, sqlsource.SQLSelect(s.held.rt.tx), locs, emit)
}

// release ends the transaction FetchLocated kept open, if any, and drops
// the keys it remembered.
// Release ends the snapshot FetchLocated keeps open, once the scan needs no
// more re-reads, so that a long session does not hold a transaction.
func (s *Source) Release() { s.release() }

func (s *Source) release() {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	if s.held != nil {
		s.held.rt.end()
		s.held = nil
	}
}
