package state

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// batchParams bounds the bound parameters of one multi-row INSERT, well
// under both backends' limits.
const batchParams = 900

// insertBatch inserts rows into table with one multi-row INSERT per chunk.
// Every row has one value per column.
func insertBatch(ctx context.Context, tx *sql.Tx, table string, columns []string, rows [][]any) error {
	per := batchParams / len(columns)
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
		args := make([]any, 0, (end-start)*len(columns))
		for i, row := range rows[start:end] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j, v := range row {
				if j > 0 {
					b.WriteString(", ")
				}
				args = append(args, v)
				b.WriteString("$" + strconv.Itoa(len(args)))
			}
			b.WriteByte(')')
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}
