package state

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SaveScan records a scan in one transaction: the scan and its sources
// (its summary), the lifecycle rows it changed (and touched, see
// Scan.Touch), the detail of the drifts
// it gives in Drifts, and then the pruning of the contract's scans past
// its Retention (see prune.go). Scans are expected to be saved in the
// order they ran.
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
		if err := upsertLifecycles(ctx, tx, s.d, sc.Lifecycles); err != nil {
			return err
		}
		if sc.Touch {
			_, err := tx.ExecContext(ctx, `UPDATE drift_lifecycle SET last_seen = $1, run_id = $2
				WHERE contract_name = $3 AND resolved_at IS NULL AND class <> $4`,
				formatTime(sc.At), sc.ID, sc.Contract.Name, string(ClassUnknown))
			if err != nil {
				return err
			}
		}
		if err := saveDriftDetails(ctx, tx, s.d, sc); err != nil {
			return err
		}
		return prune(ctx, tx, sc.Contract.Name, sc.At, sc.Retention)
	})
	if err != nil {
		return s.fail("save scan "+sc.ID, err)
	}
	return nil
}

// FirstSeen returns, for each of ids that is an open drift of the
// contract (see Lifecycle), the start of the scan that first saw it in
// its current lifecycle. Other ids are absent: they are new (or came
// back) and start a lifecycle with the next scan.
func (s *sqlStore) FirstSeen(ctx context.Context, contractName string, ids []string) (map[string]time.Time, error) {
	open, err := s.OpenLifecycles(ctx, contractName)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]time.Time, len(open))
	for _, l := range open {
		byID[l.DriftID] = l.FirstSeen
	}
	out := map[string]time.Time{}
	for _, id := range ids {
		if t, ok := byID[id]; ok {
			out[id] = t
		}
	}
	return out, nil
}
