package state

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// batchParams bounds the bound parameters of one multi-row INSERT, under
// both backends' limits (SQLite's 32766, PostgreSQL's 65535).
const batchParams = 30000

// insertBatch inserts rows into table with one multi-row INSERT per chunk.
// Every row has one value per column. The full chunks share one prepared
// statement; only a shorter last chunk prepares its own.
func insertBatch(ctx context.Context, tx *sql.Tx, d dialect, table string, columns []string, rows [][]any) error {
	return upsertBatch(ctx, tx, d, table, columns, rows, "")
}

// upsertBatch is insertBatch with a clause after the values, such as ON
// CONFLICT ... DO UPDATE; no two rows may then conflict with each other.
func upsertBatch(ctx context.Context, tx *sql.Tx, d dialect, table string, columns []string, rows [][]any, suffix string) error {
	if len(rows) == 0 {
		return nil
	}
	per := batchParams / len(columns)
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, min(per, len(rows))*len(columns))
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		args = args[:0]
		for _, row := range rows[start:end] {
			args = append(args, row...)
		}
		if end-start < per {
			query := insertSQL(d, table, columns, end-start) + suffix
			if _, err := tx.ExecContext(ctx, query, args...); err != nil {
				return err
			}
			continue
		}
		if full == nil {
			stmt, err := tx.PrepareContext(ctx, insertSQL(d, table, columns, per)+suffix)
			if err != nil {
				return err
			}
			full = stmt
		}
		if _, err := full.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// insertSQL is an INSERT of n rows. SQLite gets anonymous "?" parameters:
// it resolves numbered ones by a linear search per parameter, which makes
// a large batch quadratic.
func insertSQL(d dialect, table string, columns []string, n int) string {
	var b strings.Builder
	b.Grow(len(table) + 32 + n*len(columns)*8)
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
	param := 0
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range columns {
			if j > 0 {
				b.WriteString(", ")
			}
			param++
			if d.anonParams {
				b.WriteByte('?')
			} else {
				b.WriteString("$" + strconv.Itoa(param))
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}
