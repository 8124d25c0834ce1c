package postgres

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/redact"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource"
)

// pgxRunner is what *pgx.Conn and pgx.Tx both offer.
type pgxRunner interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// querier is a sqlsource.Querier over pgx. Column types are reported by
// their PostgreSQL names ("_text" for text[]), so sets and lists are
// written as arrays into array columns.
type querier struct {
	run   pgxRunner
	types *pgtype.Map
}

// QueryRow implements sqlsource.Querier.
func (q querier) QueryRow(ctx context.Context, query string, args []any) (sqlsource.Row, error) {
	rows, err := q.run.Query(ctx, query, args...)
	if err != nil {
		return sqlsource.Row{}, err
	}
	defer rows.Close()
	fds := rows.FieldDescriptions()
	row := sqlsource.Row{Types: make([]string, len(fds)), Names: make([]string, len(fds))}
	for i, fd := range fds {
		row.Names[i] = fd.Name
		if t, ok := q.types.TypeForOID(fd.DataTypeOID); ok {
			row.Types[i] = t.Name
		}
	}
	if rows.Next() {
		if row.Values, err = scanRow(rows); err != nil {
			return sqlsource.Row{}, err
		}
		row.Found = true
	}
	rows.Close()
	return row, rows.Err()
}

// Exec implements sqlsource.Querier.
func (q querier) Exec(ctx context.Context, query string, args []any) (int64, error) {
	tag, err := q.run.Exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// Get reads one record by key.
func (s *Source) Get(ctx context.Context, key []any) (rec contract.Record, found bool, err error) {
	err = s.withConn(ctx, func(conn *pgx.Conn) error {
		rec, found, err = s.table.Get(ctx, querier{run: conn, types: conn.TypeMap()}, key)
		return redact.Error(err, s.opts.DSN)
	})
	return rec, found, err
}

// Write applies one compare-and-set operation in a transaction that locks
// the row (SELECT ... FOR UPDATE) before comparing and writing.
func (s *Source) Write(ctx context.Context, op sources.WriteOp) error {
	return s.withConn(ctx, func(conn *pgx.Conn) error {
		tx, err := conn.Begin(ctx)
		if err != nil {
			return s.errorf("begin write: %w", err)
		}
		if err := s.table.Write(ctx, querier{run: tx, types: conn.TypeMap()}, op); err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
			return redact.Error(err, s.opts.DSN)
		}
		if err := tx.Commit(ctx); err != nil {
			return s.errorf("commit write to %s key %v: %w", s.table.What(), op.Key, err)
		}
		return nil
	})
}

// Close ends the transaction FetchLocated kept open for Reread and closes
// the connections of Get and Write, if they were opened.
func (s *Source) Close() error {
	s.held.Release()
	return s.closeConns()
}

// GetWhole reads the row with the key whole, as to_json renders it: every
// column in table order, with the server's exact text of each value.
// Write, given it as WriteOp.Whole, inserts it with json_populate_record.
func (s *Source) GetWhole(ctx context.Context, key []any) (whole json.RawMessage, found bool, err error) {
	err = s.withConn(ctx, func(conn *pgx.Conn) error {
		whole, found, err = s.table.WholeJSON(ctx, querier{run: conn, types: conn.TypeMap()}, key)
		return redact.Error(err, s.opts.DSN)
	})
	return whole, found, err
}
