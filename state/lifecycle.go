package state

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Class is where a drift stands in its lifecycle.
type Class string

// Drift classes. Converging drift is younger than the grace: the expected
// lag of an eventually consistent system. Persistent drift outlived it.
// Unknown drift was not seen because a source it involves could not be
// read: it is still open, never counted as resolved. Resolved drift was
// gone in a complete scan.
const (
	ClassConverging Class = "converging"
	ClassPersistent Class = "persistent"
	ClassUnknown    Class = "unknown"
	ClassResolved   Class = "resolved"
)

// Lifecycle is one drift of a contract across scans: one row per drift,
// updated in place each cycle, so history grows with the drifts, not with
// the scans. A drift that comes back after it was resolved starts a new
// lifecycle in the same row.
type Lifecycle struct {
	Contract string
	DriftID  string
	// Key is the canonical key JSON, as in Entry.Key.
	Key    json.RawMessage
	Kind   string
	Source string
	Field  string
	Rule   string
	Class  Class
	// FirstSeen is the start of the scan that first saw it; LastSeen of the
	// latest scan that saw it.
	FirstSeen time.Time
	LastSeen  time.Time
	// ResolvedAt is the start of the complete scan that no longer saw it;
	// zero while open.
	ResolvedAt time.Time
	// AlertedAt is when it was reported persistent; zero when it never was.
	// A restarted watch reads it, so that it does not alert twice.
	AlertedAt time.Time
	// RunID is the scan that last changed the row.
	RunID string
	// DetailHash identifies the detail (message and values) last saved for
	// the drift in a scan, so that a scan saves the detail of the drifts
	// new or changed in it only; empty when none was saved.
	DetailHash string
}

// Open reports whether the drift is not resolved.
func (l Lifecycle) Open() bool { return l.ResolvedAt.IsZero() }

const lifecycleColumns = `contract_name, drift_id, key_json, kind, source, field, rule, class,
	first_seen, last_seen, resolved_at, alerted_at, run_id, detail_hash`

// lifecycleCols are lifecycleColumns as a list, for upsertBatch.
var lifecycleCols = strings.Fields(strings.ReplaceAll(lifecycleColumns, ",", " "))

// OpenLifecycles returns the contract's open drifts, by drift id.
func (s *sqlStore) OpenLifecycles(ctx context.Context, contractName string) ([]Lifecycle, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+lifecycleColumns+` FROM drift_lifecycle
		WHERE contract_name = $1 AND resolved_at IS NULL ORDER BY drift_id`, contractName)
	if err != nil {
		return nil, s.fail("open drifts of "+contractName, err)
	}
	out, err := scanLifecycles(rows)
	if err != nil {
		return nil, s.fail("open drifts of "+contractName, err)
	}
	return out, nil
}

// LifecyclesForKey returns the lifecycle of every drift seen on the key,
// of any contract, oldest first.
func (s *sqlStore) LifecyclesForKey(ctx context.Context, keyJSON string) ([]Lifecycle, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+lifecycleColumns+` FROM drift_lifecycle
		WHERE key_json = $1 ORDER BY first_seen, drift_id`, keyJSON)
	if err != nil {
		return nil, s.fail("drift lifecycles of a key", err)
	}
	out, err := scanLifecycles(rows)
	if err != nil {
		return nil, s.fail("drift lifecycles of a key", err)
	}
	return out, nil
}

// SaveLifecycles inserts or replaces the rows, by contract and drift id,
// in one transaction.
func (s *sqlStore) SaveLifecycles(ctx context.Context, ls []Lifecycle) error {
	if len(ls) == 0 {
		return nil
	}
	err := s.tx(ctx, func(tx *sql.Tx) error { return upsertLifecycles(ctx, tx, s.d, ls) })
	if err != nil {
		return s.fail("save drift lifecycles", err)
	}
	return nil
}

// upsertLifecycles writes the rows in multi-row statements: a watch
// cycle updates every open drift's row.
func upsertLifecycles(ctx context.Context, tx *sql.Tx, d dialect, ls []Lifecycle) error {
	rows := make([][]any, len(ls))
	for i, l := range ls {
		if l.Contract == "" || l.DriftID == "" {
			return fmt.Errorf("a drift lifecycle needs a contract and a drift id")
		}
		rows[i] = []any{l.Contract, l.DriftID, string(l.Key), l.Kind, l.Source, l.Field, l.Rule,
			string(l.Class), formatTime(l.FirstSeen), formatTime(l.LastSeen), nullTime(l.ResolvedAt),
			nullTime(l.AlertedAt), l.RunID, l.DetailHash}
	}
	return upsertBatch(ctx, tx, d, "drift_lifecycle", lifecycleCols, rows, ` ON CONFLICT (contract_name, drift_id)
		DO UPDATE SET key_json = excluded.key_json, kind = excluded.kind, source = excluded.source,
		field = excluded.field, rule = excluded.rule, class = excluded.class, first_seen = excluded.first_seen,
		last_seen = excluded.last_seen, resolved_at = excluded.resolved_at, alerted_at = excluded.alerted_at,
		run_id = excluded.run_id, detail_hash = excluded.detail_hash`)
}

// Resolutions returns up to limit resolved drifts of every contract,
// the latest resolved first; limit <= 0 means all.
func (s *sqlStore) Resolutions(ctx context.Context, limit int) ([]Lifecycle, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+lifecycleColumns+` FROM drift_lifecycle
		WHERE resolved_at IS NOT NULL ORDER BY resolved_at DESC, contract_name, drift_id LIMIT $1`, sqlLimit(limit))
	if err != nil {
		return nil, s.fail("resolved drifts", err)
	}
	out, err := scanLifecycles(rows)
	if err != nil {
		return nil, s.fail("resolved drifts", err)
	}
	return out, nil
}

func scanLifecycles(rows *sql.Rows) ([]Lifecycle, error) {
	defer rows.Close()
	var out []Lifecycle
	for rows.Next() {
		var l Lifecycle
		var key, class, first, last string
		var resolved, alerted sql.NullString
		if err := rows.Scan(&l.Contract, &l.DriftID, &key, &l.Kind, &l.Source, &l.Field, &l.Rule, &class,
			&first, &last, &resolved, &alerted, &l.RunID, &l.DetailHash); err != nil {
			return nil, err
		}
		l.Key, l.Class = json.RawMessage(key), Class(class)
		var err error
		for _, t := range []struct {
			dst *time.Time
			src sql.NullString
		}{{&l.FirstSeen, valid(first)}, {&l.LastSeen, valid(last)}, {&l.ResolvedAt, resolved}, {&l.AlertedAt, alerted}} {
			if *t.dst, err = parseTime(t.src); err != nil {
				return nil, err
			}
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func valid(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }
