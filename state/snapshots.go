package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SaveSnapshot stores the records one source held in a saved scan, in one
// transaction, replacing any earlier snapshot of that source in that scan.
// A key given twice keeps its first row, as the diff does with duplicate
// keys. Only the newest snapshot matters to transition rules, so the
// source's snapshots from older scans of the same contract are deleted.
func (s *sqlStore) SaveSnapshot(ctx context.Context, scanID, source string, rows []SnapshotRow) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var contract, at string
		row := tx.QueryRowContext(ctx, `SELECT contract_name, at FROM scans WHERE id = $1`, scanID)
		if err := row.Scan(&contract, &at); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("scan %s: %w; save the scan before its snapshots", scanID, ErrNotFound)
			}
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM snapshots WHERE source = $1 AND scan_id IN
			(SELECT id FROM scans WHERE contract_name = $2 AND (at < $3 OR (at = $3 AND id <= $4)))`,
			source, contract, at, scanID)
		if err != nil {
			return err
		}
		seen := make(map[string]bool, len(rows))
		values := make([][]any, 0, len(rows))
		for _, r := range rows {
			if !seen[r.Key] {
				seen[r.Key] = true
				values = append(values, []any{scanID, source, r.Key, r.Values})
			}
		}
		return insertBatch(ctx, tx, s.d, "snapshots", []string{"scan_id", "source", "key_json", "values_json"}, values)
	})
	if err != nil {
		return s.fail(fmt.Sprintf("save snapshot of %s in scan %s", source, scanID), err)
	}
	return nil
}

// LatestSnapshot returns the newest snapshot of a source among the
// contract's scans, loaded into memory, as a lookup from key JSON to values
// JSON. scanID is "" (and get finds nothing) when there is none.
func (s *sqlStore) LatestSnapshot(ctx context.Context, contractName, source string) (string, func(string) (string, bool), error) {
	var scanID string
	row := s.db.QueryRowContext(ctx, `SELECT s.id FROM scans s WHERE s.contract_name = $1
		AND EXISTS (SELECT 1 FROM snapshots p WHERE p.scan_id = s.id AND p.source = $2)
		ORDER BY s.at DESC, s.id DESC LIMIT 1`, contractName, source)
	values := map[string]string{}
	get := func(key string) (string, bool) {
		v, ok := values[key]
		return v, ok
	}
	if err := row.Scan(&scanID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", get, nil
		}
		return "", nil, s.fail("read snapshot of "+source, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT key_json, values_json FROM snapshots
		WHERE scan_id = $1 AND source = $2`, scanID, source)
	if err != nil {
		return "", nil, s.fail("read snapshot of "+source, err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return "", nil, s.fail("read snapshot of "+source, err)
		}
		values[k] = v
	}
	if err := rows.Err(); err != nil {
		return "", nil, s.fail("read snapshot of "+source, err)
	}
	return scanID, get, nil
}
