package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

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
// It remembers every record's key and keeps its transaction, and the
// connection it runs on, open after it returns, so that Reread sees the
// same snapshot. They stay open until Close or the next FetchLocated, even
// when no record is read again: a scan calls Reread as often as it needs,
// then closes every source. A query source is read with Fetch.
func (s *Source) FetchLocated(ctx context.Context, emit func(contract.Record) error) (sources.Snapshot, error) {
	if !s.Rereadable() {
		return s.Fetch(ctx, emit)
	}
	return s.held.FetchLocated(ctx, s.table, s.opener(s.read), emit)
}

// reader is read or stream: it reads every record through tx.
type reader func(ctx context.Context, tx pgx.Tx, loc *sqlsource.Located, emit func(contract.Record) error) (int, error)

// opener returns what begins the read transaction of a FetchLocated that
// reads with read.
func (s *Source) opener(read reader) func(context.Context) (sqlsource.Opened, error) {
	return func(ctx context.Context) (sqlsource.Opened, error) {
		rt, snap, err := s.begin(ctx)
		if err != nil {
			return sqlsource.Opened{}, err
		}
		fetch := func(ctx context.Context, loc *sqlsource.Located, emit func(contract.Record) error) (int, error) {
			return read(ctx, rt.tx, loc, loc.Emit(emit))
		}
		return sqlsource.Opened{Version: snap.Version, Fetch: fetch, Select: selectIn(rt.tx), End: rt.end}, nil
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

// selectIn is a SelectFunc over a pgx transaction.
func selectIn(tx pgx.Tx) sqlsource.SelectFunc {
	return func(ctx context.Context, query string, args []any, each func([]any) error) error {
		rows, err := tx.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			vals, err := scanRow(rows)
			if err != nil {
				return err
			}
			if err := each(vals); err != nil {
				return err
			}
		}
		return rows.Err()
	}
}
