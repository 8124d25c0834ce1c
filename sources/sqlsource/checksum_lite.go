package sqlsource

import (
	"context"

	"github.com/drift-sh/drift/contract"
)

// SQLRunner is a Runner over a database/sql connection or transaction.
type SQLRunner struct {
	Conn  SQLConn
	Table *Table
}

// Query implements Runner.
func (r SQLRunner) Query(ctx context.Context, query string, args []any, each func(scan func(...any) error) error) error {
	rows, err := r.Conn.QueryContext(ctx, query, args...)
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

// Fetch implements Runner.
func (r SQLRunner) Fetch(ctx context.Context, query string, args []any, layout *Layout, emit func(contract.Record) error) (int, error) {
	rows, err := r.Conn.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, r.Table.Errorf("read %s: %w", r.Table.What(), err)
	}
	defer rows.Close()
	return r.Table.stream(rows, layout, emit)
}
