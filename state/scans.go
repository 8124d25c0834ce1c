package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
)

// SaveScan records a scan, its sources and the drifts it saw, in one
// transaction. Each drift's first_seen is carried over from the contract's
// previous scan when that scan saw it too, and is this scan's time
// otherwise: a scan that did not see a drift ends its streak. Scans are
// expected to be saved in the order they ran.
func (s *sqlStore) SaveScan(ctx context.Context, sc Scan) error {
	if sc.ID == "" || sc.Contract.Name == "" {
		return fmt.Errorf("state store: save scan: the scan needs an id and a contract name")
	}
	if sc.At.IsZero() {
		sc.At = time.Now()
	}
	summary := string(sc.Summary)
	if summary == "" {
		summary = "{}"
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO scans (id, at, config_path, contract_name,
			contract_version, contract_digest, summary_json) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			sc.ID, formatTime(sc.At), sc.ConfigPath, sc.Contract.Name, sc.Contract.Version, sc.Contract.Digest, summary)
		if err != nil {
			return err
		}
		sources := make([][]any, len(sc.Sources))
		for i, src := range sc.Sources {
			sources[i] = []any{sc.ID, i, src.Name, src.Version, src.Records, src.Error}
		}
		cols := []string{"scan_id", "pos", "name", "version", "records", "error"}
		if err := insertBatch(ctx, tx, s.d, "scan_sources", cols, sources); err != nil {
			return err
		}
		if err := s.saveDrifts(ctx, tx, sc); err != nil {
			return err
		}
		return saveDriftDetails(ctx, tx, s.d, sc)
	})
	if err != nil {
		return s.fail("save scan "+sc.ID, err)
	}
	return nil
}

func (s *sqlStore) saveDrifts(ctx context.Context, tx *sql.Tx, sc Scan) error {
	var prev string
	row := tx.QueryRowContext(ctx, `SELECT id FROM scans WHERE contract_name = $1 AND (at < $2 OR (at = $2 AND id < $3))
		ORDER BY at DESC, id DESC LIMIT 1`, sc.Contract.Name, formatTime(sc.At), sc.ID)
	if err := row.Scan(&prev); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	before, err := driftsOf(ctx, tx, prev)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var rows [][]any
	for _, id := range sc.DriftIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		first, ok := before[id]
		if !ok {
			first = formatTime(sc.At)
		}
		rows = append(rows, []any{sc.ID, id, first})
	}
	return insertBatch(ctx, tx, s.d, "scan_drifts", []string{"scan_id", "drift_id", "first_seen"}, rows)
}

// queryer is what a *sql.DB and a *sql.Tx share.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// driftsOf maps the drift ids one scan saw to their stored first_seen text.
func driftsOf(ctx context.Context, q queryer, scanID string) (map[string]string, error) {
	out := map[string]string{}
	if scanID == "" {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT drift_id, first_seen FROM scan_drifts WHERE scan_id = $1`, scanID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, first string
		if err := rows.Scan(&id, &first); err != nil {
			return nil, err
		}
		out[id] = first
	}
	return out, rows.Err()
}

// FirstSeen returns, for each of ids that the contract's latest scan saw,
// the time of the first scan in the unbroken run of scans, ending at the
// latest, that all saw it. Ids the latest scan did not see are absent: they
// are new (or came back) and start a streak with the next scan.
func (s *sqlStore) FirstSeen(ctx context.Context, contractName string, ids []string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	var latest string
	row := s.db.QueryRowContext(ctx, `SELECT id FROM scans WHERE contract_name = $1
		ORDER BY at DESC, id DESC LIMIT 1`, contractName)
	if err := row.Scan(&latest); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return out, nil
		}
		return nil, s.fail("first seen of "+contractName, err)
	}
	seen, err := driftsOf(ctx, s.db, latest)
	if err != nil {
		return nil, s.fail("first seen of "+contractName, err)
	}
	for _, id := range ids {
		if text, ok := seen[id]; ok {
			t, err := parseTime(sql.NullString{String: text, Valid: true})
			if err != nil {
				return nil, s.fail("first seen of "+contractName, err)
			}
			out[id] = t
		}
	}
	return out, nil
}

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
