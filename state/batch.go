package state

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
)

// batchParams bounds the bound parameters of one multi-row INSERT, under
// both backends' limits (SQLite's 32766, PostgreSQL's 65535).
const batchParams = 30000

// insertBatch inserts rows into table with one multi-row INSERT per chunk.
// Every row has one value per column. The full chunks share one prepared
// statement; only a shorter last chunk prepares its own.
func insertBatch(ctx context.Context, tx *sql.Tx, d dialect, table string, columns []string, rows [][]any) error {
	return upsertBatch(ctx, tx, d, nil, table, columns, rows, "")
}

// chunkRows is how many rows of columns one INSERT takes: as many as
// batchParams allows, rounded down to a multiple of 1,000 when over it,
// so that a batch of a round size (an apply journals 10,000 ops a
// transaction) splits into full chunks only, which share one statement.
func chunkRows(columns int) int {
	per := batchParams / columns
	if per > 1000 {
		per -= per % 1000
	}
	return per
}

// upsertBatch is insertBatch with a clause after the values, such as ON
// CONFLICT ... DO UPDATE; no two rows may then conflict with each other.
// With a cache, the statement of a full chunk is prepared once per
// connection and kept for the next batches, not once per call.
func upsertBatch(ctx context.Context, tx *sql.Tx, d dialect, cache *stmtCache, table string, columns []string, rows [][]any, suffix string) error {
	if len(rows) == 0 {
		return nil
	}
	per := chunkRows(len(columns))
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
			stmt, err := cache.prepare(ctx, tx, insertSQL(d, table, columns, per)+suffix)
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

// stmtCache keeps prepared statements for the life of a store, so that a
// long statement (a full chunk of journal entries has 26,000 parameters,
// about 12 ms to prepare) is not prepared again in every transaction.
// Only the statements of full chunks are kept: their number is bounded by
// the tables and column lists that use it.
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func newStmtCache(db *sql.DB) *stmtCache { return &stmtCache{db: db, m: map[string]*sql.Stmt{}} }

// prepare returns query as a statement of tx, to be closed by the caller.
// A nil cache prepares it in tx alone.
func (c *stmtCache) prepare(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	if c == nil {
		return tx.PrepareContext(ctx, query)
	}
	c.mu.Lock()
	stmt, ok := c.m[query]
	if !ok {
		var err error
		if stmt, err = c.db.PrepareContext(ctx, query); err != nil {
			c.mu.Unlock()
			return nil, err
		}
		c.m[query] = stmt
	}
	c.mu.Unlock()
	// The transaction's statement reuses the one prepared on its
	// connection, when there is one; closing it leaves that one kept.
	return tx.StmtContext(ctx, stmt), nil
}

// close closes the kept statements.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, stmt := range c.m {
		stmt.Close()
		delete(c.m, q)
	}
}
