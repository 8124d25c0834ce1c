package state

import (
	"context"
	"database/sql"
	"fmt"
)

const scanColumns = `id, at, config_path, contract_name, contract_version, contract_digest, summary_json,
	EXISTS (SELECT 1 FROM recordings r WHERE r.scan_id = scans.id)`

// Scan returns one scan with its sources, or an error wrapping
// ErrNotFound.
func (s *sqlStore) Scan(ctx context.Context, id string) (Scan, error) {
	scans, err := s.queryScans(ctx, `SELECT `+scanColumns+` FROM scans WHERE id = $1`, id)
	if err != nil {
		return Scan{}, err
	}
	if len(scans) == 0 {
		return Scan{}, fmt.Errorf("scan %s: %w; `drift history` lists the scans", id, ErrNotFound)
	}
	return scans[0], nil
}

// Scans returns up to limit scans with their sources, newest first; limit
// <= 0 means all.
func (s *sqlStore) Scans(ctx context.Context, limit int) ([]Scan, error) {
	return s.queryScans(ctx, `SELECT `+scanColumns+` FROM scans
		ORDER BY at DESC, id DESC LIMIT $1`, sqlLimit(limit))
}

func (s *sqlStore) queryScans(ctx context.Context, query string, args ...any) ([]Scan, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.fail("read scans", err)
	}
	var out []Scan
	for rows.Next() {
		var sc Scan
		var at sql.NullString
		var summary string
		err := rows.Scan(&sc.ID, &at, &sc.ConfigPath, &sc.Contract.Name, &sc.Contract.Version,
			&sc.Contract.Digest, &summary, &sc.Recorded)
		if err == nil {
			sc.At, err = parseTime(at)
		}
		if err != nil {
			rows.Close()
			return nil, s.fail("read scans", err)
		}
		sc.Summary = []byte(summary)
		out = append(out, sc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.fail("read scans", err)
	}
	for i := range out {
		if out[i].Sources, err = s.scanSources(ctx, out[i].ID); err != nil {
			return nil, s.fail("read scan "+out[i].ID, err)
		}
	}
	return out, nil
}

func (s *sqlStore) scanSources(ctx context.Context, scanID string) ([]SourceScan, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, version, records, error FROM scan_sources
		WHERE scan_id = $1 ORDER BY pos`, scanID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SourceScan
	for rows.Next() {
		var src SourceScan
		if err := rows.Scan(&src.Name, &src.Version, &src.Records, &src.Error); err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, rows.Err()
}
