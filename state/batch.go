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

// insertSQL is an INSERT of n rows, its parameters written by params.
func insertSQL(d dialect, table string, columns []string, n int) string {
	var b strings.Builder
	b.Grow(len(table) + 32 + n*len(columns)*8)
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
	p := params{anon: d.anonParams}
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.list(len(columns)))
	}
	return b.String()
}

// params writes a statement's bound parameters in order: "?" where the
// dialect takes anonymous ones (SQLite resolves a numbered one by a
// linear search per parameter, which makes a large batch quadratic),
// else "$1", "$2", ...
type params struct {
	anon bool
	n    int
}

func (p *params) next() string {
	p.n++
	if p.anon {
		return "?"
	}
	return "$" + strconv.Itoa(p.n)
}

// list is n parameters as a parenthesized list: a row of VALUES, or the
// list of an IN.
func (p *params) list(n int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.next())
	}
	b.WriteByte(')')
	return b.String()
}
