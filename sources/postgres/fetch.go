package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sqlsource"
)

// versionSQL reads the WAL position of the snapshot: the replay position
// on a standby, the current write position on a primary.
const versionSQL = `SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text`

// Fetch reads every record in one REPEATABLE READ READ ONLY transaction,
// streaming the rows. The snapshot version is the WAL LSN read as the
// transaction's first statement, so it dates the snapshot.
func (s *Source) Fetch(ctx context.Context, emit func(contract.Record) error) (sources.Snapshot, error) {
	rt, snap, err := s.begin(ctx)
	if err != nil {
		return sources.Snapshot{}, err
	}
	defer rt.end()
	if snap.Records, err = s.read(ctx, rt.tx, nil, emit); err != nil {
		return sources.Snapshot{}, err
	}
	return snap, nil
}

// readTx is an open read transaction and the connection it runs on.
type readTx struct {
	conn *pgx.Conn
	tx   pgx.Tx
}

// end rolls the transaction back and closes its connection.
func (r readTx) end() {
	ctx := context.Background()
	_ = r.tx.Rollback(ctx) // read-only: nothing to undo
	_ = r.conn.Close(ctx)
}

// begin connects and opens a REPEATABLE READ READ ONLY transaction, and
// reads the WAL position as its first statement into the snapshot.
func (s *Source) begin(ctx context.Context) (readTx, sources.Snapshot, error) {
	conn, err := s.connect(ctx)
	if err != nil {
		return readTx{}, sources.Snapshot{}, err
	}
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		_ = conn.Close(context.Background())
		return readTx{}, sources.Snapshot{}, s.errorf("begin read transaction: %w", err)
	}
	rt := readTx{conn: conn, tx: tx}
	var lsn *string
	if err := tx.QueryRow(ctx, versionSQL).Scan(&lsn); err != nil {
		rt.end()
		return readTx{}, sources.Snapshot{}, s.errorf("read WAL position: %w", err)
	}
	var snap sources.Snapshot
	if lsn != nil {
		snap.Version = *lsn
	}
	return rt, snap, nil
}

// read runs the select (after probing the table's columns) or the query,
// and emits one record per row as the rows arrive. With loc, it records
// the select for Reread.
func (s *Source) read(ctx context.Context, tx pgx.Tx, loc *sqlsource.Located, emit func(contract.Record) error) (int, error) {
	t := s.table
	query, layout, err := s.statement(ctx, tx, loc)
	if err != nil {
		return 0, err
	}
	rows, err := tx.Query(ctx, query)
	if err != nil {
		return 0, s.errorf("read %s: %w", t.What(), err)
	}
	defer rows.Close()
	if layout == nil {
		if len(rows.FieldDescriptions()) == 0 {
			rows.Close() // a failed statement describes no columns: report its error
			if err := rows.Err(); err != nil {
				return 0, s.errorf("read %s: %w", t.What(), err)
			}
		}
		if layout, err = t.Layout(names(rows)); err != nil {
			return 0, err
		}
	}
	n := 0
	for rows.Next() {
		vals, err := scanRow(rows)
		if err != nil {
			return n, s.errorf("read %s row %d: %w", t.What(), n+1, err)
		}
		n++
		if err := emit(layout.Record(vals, fmt.Sprintf("row %d", n))); err != nil {
			return n, err
		}
	}
	if err := rows.Err(); err != nil {
		return n, s.errorf("read %s after row %d: %w", t.What(), n, err)
	}
	return n, nil
}

// statement returns what read runs: a table's select, after probing the
// table's columns, with its layout; or the query as written, whose layout
// comes with its result (nil here).
func (s *Source) statement(ctx context.Context, tx pgx.Tx, loc *sqlsource.Located) (string, *sqlsource.Layout, error) {
	t := s.table
	if t.Query != "" {
		return t.Query, nil, nil
	}
	cols, err := s.columns(ctx, tx, t.ProbeSQL())
	if err != nil {
		return "", nil, s.errorf("%s: %w; check the table name and that it exists", t.What(), err)
	}
	return t.SelectFor(cols, loc)
}

// columns returns the column names of a statement that reads no rows.
func (s *Source) columns(ctx context.Context, tx pgx.Tx, probe string) ([]string, error) {
	rows, err := tx.Query(ctx, probe)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := names(rows)
	for rows.Next() {
	}
	return cols, rows.Err()
}

func names(rows pgx.Rows) []string {
	fds := rows.FieldDescriptions()
	out := make([]string, len(fds))
	for i, fd := range fds {
		out[i] = fd.Name
	}
	return out
}
