package state

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/drift-sh/drift/contract"
)

// Pruning is part of saving a scan, so that the store stays bounded
// without a separate job: each save deletes at most pruneScans old scans
// and pruneRows rows of their drift detail, which is more than one save
// adds, so a backlog (a lowered retention, an upgraded store) drains over
// the next saves instead of stalling one.
const (
	pruneScans = 20
	pruneRows  = 20000
)

// prune deletes the contract's scans past retention — older than its Age
// at the time now, or past its newest Scans scans — with their sources
// and drift detail, and the contract's drift lifecycles resolved before
// now minus Age. A scan holding a recording (drift scan --record; --keep
// prunes those) or a source's newest snapshot (transition rules compare
// against it) is kept, and so is one holding the newest detail of a drift
// still open (its values, which explain shows while it lasts).
func prune(ctx context.Context, tx *sql.Tx, contractName string, now time.Time, r contract.Retention) error {
	r = r.OrDefault()
	cutoff := formatTime(now.Add(-r.Age))
	ids, err := prunable(ctx, tx, contractName, cutoff, r.Scans)
	if err != nil {
		return err
	}
	budget := int64(pruneRows)
	for _, id := range ids {
		res, err := tx.ExecContext(ctx, `DELETE FROM scan_drift_details WHERE scan_id = $1 AND pos IN
			(SELECT pos FROM scan_drift_details WHERE scan_id = $1 ORDER BY pos LIMIT $2)`, id, budget)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		if budget -= n; budget <= 0 {
			break // the scan may hold more detail: the next save goes on
		}
		for _, q := range []string{`DELETE FROM scan_sources WHERE scan_id = $1`, `DELETE FROM scans WHERE id = $1`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM drift_lifecycle WHERE contract_name = $1 AND drift_id IN
		(SELECT drift_id FROM drift_lifecycle WHERE contract_name = $1 AND resolved_at < $2 LIMIT $3)`,
		contractName, cutoff, pruneRows)
	return err
}

// openDetail finds, in the scan of the enclosing query, the newest saved
// detail of a drift still open: a scan saves a drift's detail only when
// the drift is new or its values changed, so that scan is where explain
// reads an open drift's values, however old it is.
const openDetail = `SELECT 1 FROM scan_drift_details d
	JOIN drift_lifecycle l ON l.contract_name = scans.contract_name AND l.drift_id = d.drift_id AND l.resolved_at IS NULL
	WHERE d.scan_id = scans.id AND NOT EXISTS (SELECT 1 FROM scan_drift_details d2 JOIN scans s2 ON s2.id = d2.scan_id
		WHERE d2.drift_id = d.drift_id AND s2.contract_name = scans.contract_name
		AND (s2.at > scans.at OR (s2.at = scans.at AND s2.id > scans.id)))`

// prunable lists, oldest first, up to pruneScans scans of the contract
// older than cutoff or past the newest keep, that hold no recording, no
// snapshot and no open drift's newest detail (openDetail).
func prunable(ctx context.Context, tx *sql.Tx, contractName, cutoff string, keep int) ([]string, error) {
	var lastAt, lastID string
	row := tx.QueryRowContext(ctx, `SELECT at, id FROM scans WHERE contract_name = $1
		ORDER BY at DESC, id DESC LIMIT 1 OFFSET $2`, contractName, keep)
	if err := row.Scan(&lastAt, &lastID); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return textColumn(tx.QueryContext(ctx, `SELECT id FROM scans WHERE contract_name = $1
		AND (at < $2 OR at < $3 OR (at = $3 AND id <= $4))
		AND NOT EXISTS (SELECT 1 FROM recordings r WHERE r.scan_id = scans.id)
		AND NOT EXISTS (SELECT 1 FROM snapshots p WHERE p.scan_id = scans.id)
		AND NOT EXISTS (`+openDetail+`)
		ORDER BY at, id LIMIT $5`, contractName, cutoff, lastAt, lastID, pruneScans))
}
