package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/redact"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource"
)

var _ sources.Checksummer = (*Source)(nil)

// BeginChecksum opens the same REPEATABLE READ READ ONLY transaction as
// Fetch and compares ranges of the table inside it.
func (s *Source) BeginChecksum(ctx context.Context) (sources.ChecksumSession, error) {
	if s.table.Query != "" || s.opts.Checksum == "off" {
		return s.table.BeginChecksum(ctx, nil, sources.Snapshot{}, func() {}, s.opts.ChecksumOptions)
	}
	rt, snap, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := rt.tx.Exec(ctx, noJIT); err != nil {
		rt.end()
		return nil, redact.Error(s.errorf("turn jit off: %w", err), s.opts.DSN)
	}
	cs, err := s.table.BeginChecksum(ctx, runner{s: s, tx: rt.tx}, snap, rt.end, s.opts.ChecksumOptions)
	if err != nil {
		return nil, redact.Error(err, s.opts.DSN)
	}
	return cs, nil
}

// noJIT turns just-in-time compilation off for the session's transaction:
// a range's hash expression is long, and compiling it took PostgreSQL 15
// ten seconds of a 1M-row range's eighteen, more than hashing the rows.
// pg_settings has no jit row before PostgreSQL 11, and then nothing is set.
const noJIT = "SELECT set_config('jit', 'off', true) FROM pg_settings WHERE name = 'jit'"

// runner runs a checksum session's statements in the read transaction.
type runner struct {
	s  *Source
	tx pgx.Tx
}

// Query implements sqlsource.Runner.
func (r runner) Query(ctx context.Context, query string, args []any, each func(scan func(...any) error) error) error {
	rows, err := r.tx.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Fetch implements sqlsource.Runner.
func (r runner) Fetch(ctx context.Context, query string, args []any, layout *sqlsource.Layout, emit func(contract.Record) error) (int, error) {
	t := r.s.table
	rows, err := r.tx.Query(ctx, query, args...)
	if err != nil {
		return 0, r.s.errorf("read %s: %w", t.What(), err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		vals, err := scanRow(rows)
		if err != nil {
			return n, r.s.errorf("read %s row %d: %w", t.What(), n+1, err)
		}
		n++
		if err := emit(layout.Record(vals, fmt.Sprintf("row %d", n))); err != nil {
			return n, err
		}
	}
	if err := rows.Err(); err != nil {
		return n, r.s.errorf("read %s after row %d: %w", t.What(), n, err)
	}
	return n, nil
}
