package state

import (
	"context"
	"database/sql"
	"fmt"
)

// saveDriftDetails stores the detail of the drifts a scan gives, in the
// scan's transaction, in the order given.
func saveDriftDetails(ctx context.Context, tx *sql.Tx, d dialect, sc Scan) error {
	rows := make([][]any, len(sc.Drifts))
	for i, d := range sc.Drifts {
		rows[i] = []any{sc.ID, i, d.ID, string(d.Key), d.Kind, d.Source, d.Field, d.Rule, d.Message, nullJSON(d.Values)}
	}
	cols := []string{"scan_id", "pos", "drift_id", "key_json", "kind", "source", "field", "rule", "message", "values_json"}
	return insertBatch(ctx, tx, d, "scan_drift_details", cols, rows)
}

// DriftsForKey returns the drift detail that scans saved on the key, with
// each scan's id and time, oldest first (scans in time order, drifts in
// the order the scan saved them). Scans pruned by retention are gone.
func (s *sqlStore) DriftsForKey(ctx context.Context, keyJSON string) ([]KeyDrift, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT d.scan_id, s.at, d.drift_id, d.key_json, d.kind, d.source,
		d.field, d.rule, d.message, d.values_json FROM scan_drift_details d JOIN scans s ON s.id = d.scan_id
		WHERE d.key_json = $1 ORDER BY s.at, s.id, d.pos`, keyJSON)
	if err != nil {
		return nil, s.fail("read drifts of a key", err)
	}
	defer rows.Close()
	var out []KeyDrift
	for rows.Next() {
		var d KeyDrift
		var at, values sql.NullString
		var key string
		err := rows.Scan(&d.ScanID, &at, &d.ID, &key, &d.Kind, &d.Source, &d.Field, &d.Rule, &d.Message, &values)
		if err == nil {
			d.At, err = parseTime(at)
		}
		if err != nil {
			return nil, s.fail("read drifts of a key", err)
		}
		d.Key, d.Values = []byte(key), rawJSON(values)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("read drifts of a key", err)
	}
	return out, nil
}

// LatestScan returns the contract's newest scan with its sources, or an
// error wrapping ErrNotFound.
func (s *sqlStore) LatestScan(ctx context.Context, contractName string) (Scan, error) {
	scans, err := s.queryScans(ctx, `SELECT `+scanColumns+` FROM scans WHERE contract_name = $1
		ORDER BY at DESC, id DESC LIMIT 1`, contractName)
	if err != nil {
		return Scan{}, err
	}
	if len(scans) == 0 {
		return Scan{}, fmt.Errorf("no scan of contract %s: %w", contractName, ErrNotFound)
	}
	return scans[0], nil
}
