package sqlsource

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
)

// SQLConn is what database/sql offers on a *sql.DB, *sql.Conn or *sql.Tx.
type SQLConn interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// SQLQuerier is a Querier over a database/sql connection or transaction.
type SQLQuerier struct{ Conn SQLConn }

// QueryRow implements Querier.
func (s SQLQuerier) QueryRow(ctx context.Context, query string, args []any) (Row, error) {
	rows, err := s.Conn.QueryContext(ctx, query, args...)
	if err != nil {
		return Row{}, err
	}
	defer rows.Close()
	types, err := columnTypes(rows)
	if err != nil {
		return Row{}, err
	}
	names, err := rows.Columns()
	if err != nil {
		return Row{}, err
	}
	row := Row{Types: types, Names: names}
	if rows.Next() {
		if row.Values, err = scan(rows, types); err != nil {
			return Row{}, err
		}
		row.Found = true
	}
	return row, rows.Err()
}

// Exec implements Querier.
func (s SQLQuerier) Exec(ctx context.Context, query string, args []any) (int64, error) {
	res, err := s.Conn.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func columnTypes(rows *sql.Rows) ([]string, error) {
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(cts))
	for i, ct := range cts {
		out[i] = ct.DatabaseTypeName()
	}
	return out, nil
}

// scan reads the current row and converts each value with FromSQL.
func scan(rows *sql.Rows, types []string) ([]any, error) {
	vals := make([]any, len(types))
	ptrs := make([]any, len(types))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	for i, v := range vals {
		vals[i] = FromSQL(types[i], v)
	}
	return vals, nil
}

// Fetch reads every record through c, row by row, without holding the
// result whole. With a table it selects only the columns the contract
// reads, after probing the table's columns (to name a missing one, and to
// list the others as Unknown); with a query it runs the query as written.
// It returns the number of records emitted.
func (t *Table) Fetch(ctx context.Context, c SQLConn, emit func(contract.Record) error) (int, error) {
	return t.fetch(ctx, c, nil, emit)
}

// FetchLocated is Fetch for a table whose records loc remembers: each gets
// its ordinal as Pos, so that loc.Reread can select it again.
func (t *Table) FetchLocated(ctx context.Context, c SQLConn, loc *Located, emit func(contract.Record) error) (int, error) {
	return t.fetch(ctx, c, loc, loc.Emit(emit))
}

func (t *Table) fetch(ctx context.Context, c SQLConn, loc *Located, emit func(contract.Record) error) (int, error) {
	rows, layout, err := t.query(ctx, c, loc)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	return t.stream(rows, layout, emit)
}

// query runs the statement that reads the table (or the source's query)
// and returns its rows with their layout: the one the statement was built
// for, else the one the result's columns give. The caller closes rows.
func (t *Table) query(ctx context.Context, c SQLConn, loc *Located) (*sql.Rows, *Layout, error) {
	query, layout, err := t.statement(ctx, c, loc)
	if err != nil {
		return nil, nil, err
	}
	rows, err := c.QueryContext(ctx, query)
	if err != nil {
		return nil, nil, t.Errorf("read %s: %w", t.What(), err)
	}
	if layout == nil {
		if layout, err = t.resultLayout(rows); err != nil {
			rows.Close()
			return nil, nil, err
		}
	}
	return rows, layout, nil
}

// resultLayout is the layout of a result's columns (a query: source).
func (t *Table) resultLayout(rows *sql.Rows) (*Layout, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, t.Errorf("read %s: %w", t.What(), err)
	}
	return t.Layout(cols)
}

func (t *Table) stream(rows *sql.Rows, layout *Layout, emit func(contract.Record) error) (int, error) {
	types, err := columnTypes(rows)
	if err != nil {
		return 0, t.Errorf("read %s: %w", t.What(), err)
	}
	n := 0
	for rows.Next() {
		vals, err := scan(rows, types)
		if err != nil {
			return n, t.Errorf("read %s row %d: %w", t.What(), n+1, err)
		}
		n++
		if err := emit(layout.Record(vals, fmt.Sprintf("row %d", n))); err != nil {
			return n, err
		}
	}
	if err := rows.Err(); err != nil {
		return n, t.Errorf("read %s after row %d: %w", t.What(), n, err)
	}
	return n, nil
}

// Columns probes the table's column names with a statement that reads no
// rows; a missing table is an error naming it and the source.
func (t *Table) Columns(ctx context.Context, c SQLConn) ([]string, error) {
	rows, err := c.QueryContext(ctx, t.ProbeSQL())
	if err != nil {
		return nil, t.Errorf("%s: %w; check the table name and that it exists", t.What(), err)
	}
	defer rows.Close()
	return rows.Columns()
}

// WriteTx runs Table.Write in a database/sql transaction, committing only
// when the compare-and-set succeeded.
func WriteTx(ctx context.Context, db *sql.DB, t *Table, op sources.WriteOp) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return t.Errorf("begin write: %w", err)
	}
	if err := t.Write(ctx, SQLQuerier{Conn: tx}, op); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return t.Errorf("commit write to %s key %v: %w", t.What(), op.Key, err)
	}
	return nil
}

// SelectFor builds the SELECT of a table source from the table's columns,
// and tells loc (when re-reading) which statement and layout it used.
func (t *Table) SelectFor(cols []string, loc *Located) (string, *Layout, error) {
	all, err := t.Layout(cols)
	if err != nil {
		return "", nil, err
	}
	query, layout := t.SelectSQL(all)
	if loc != nil {
		loc.SetSelect(query, layout)
	}
	return query, layout, nil
}
