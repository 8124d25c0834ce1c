package mysql

import (
	"context"
	"database/sql"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/redact"
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
	conn *sql.Conn
	loc  *sqlsource.Located
}

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
	s.release()
	conn, version, err := s.begin(ctx)
	if err != nil {
		return sources.Snapshot{}, err
	}
	loc := sqlsource.NewLocated(s.table)
	n, err := s.table.FetchLocated(ctx, conn, loc, emit)
	if err != nil {
		end(conn)
		return sources.Snapshot{}, redact.Error(err, s.opts.DSN)
	}
	s.hmu.Lock()
	s.held = &held{conn: conn, loc: loc}
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
		return s.errorf("cannot read records again: the source was not read with FetchLocated, or was closed since")
	}
	err := s.held.loc.Reread(ctx, sqlsource.SQLSelect(s.held.conn), locs, emit)
	return redact.Error(err, s.opts.DSN)
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
		end(s.held.conn)
		s.held = nil
	}
}
