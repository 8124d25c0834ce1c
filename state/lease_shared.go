package state

import (
	"context"
	"database/sql"
)

// leaseSelect reads the exclusive and the shared leases as one list; an
// exclusive lease has one row per source (leases), shared ones one row
// per source and run (shared_leases).
const leaseSelect = `SELECT source, run_id, 0 AS shared, pid, host, since, heartbeat FROM leases
	UNION ALL SELECT source, run_id, 1 AS shared, pid, host, since, heartbeat FROM shared_leases`

// leaseTable is the table that holds leases of the mode shared.
func leaseTable(shared bool) string {
	if shared {
		return "shared_leases"
	}
	return "leases"
}

// holdersOf returns every lease held on source, exclusive or shared.
func holdersOf(ctx context.Context, tx *sql.Tx, source string) ([]Lease, error) {
	return queryLeases(ctx, tx, `SELECT * FROM (`+leaseSelect+`) l WHERE source = $1 ORDER BY shared, run_id`, source)
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func queryLeases(ctx context.Context, q querier, query string, args ...any) ([]Lease, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Lease
	for rows.Next() {
		var l Lease
		var shared int
		var since, beat string
		if err := rows.Scan(&l.Source, &l.RunID, &shared, &l.PID, &l.Host, &since, &beat); err != nil {
			return nil, err
		}
		l.Shared = shared == 1
		if err := parseLeaseTimes(&l, since, beat); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
