package state

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// migrations are the schema versions in order: migrations[i] takes the
// schema to version i+1. Each runs once, in the transaction that records
// it in schema_migrations; never edit one that has shipped, add another.
// "{{serial}}" stands for the backend's auto-increment primary key,
// "{{blob}}" for its bytes type, "{{without_rowid}}" for SQLite's clause.
var migrations = [][]string{{
	`CREATE TABLE runs (
		id TEXT PRIMARY KEY,
		kind TEXT NOT NULL,
		plan_id TEXT NOT NULL,
		config_path TEXT NOT NULL,
		contract_name TEXT NOT NULL,
		contract_version BIGINT NOT NULL,
		contract_digest TEXT NOT NULL,
		run_user TEXT NOT NULL,
		host TEXT NOT NULL,
		rollback_of TEXT NOT NULL,
		started_at TEXT NOT NULL,
		finished_at TEXT,
		status TEXT NOT NULL,
		applied BIGINT NOT NULL DEFAULT 0,
		already_applied BIGINT NOT NULL DEFAULT 0,
		conflict BIGINT NOT NULL DEFAULT 0,
		failed BIGINT NOT NULL DEFAULT 0,
		last_seq BIGINT NOT NULL DEFAULT 0)`,
	`CREATE INDEX runs_plan ON runs (plan_id)`,
	`CREATE INDEX runs_started ON runs (started_at)`,
	`CREATE TABLE journal (
		run_id TEXT NOT NULL REFERENCES runs (id),
		seq BIGINT NOT NULL,
		op_id TEXT NOT NULL,
		source TEXT NOT NULL,
		key_json TEXT NOT NULL,
		action TEXT NOT NULL,
		before_json TEXT,
		after_json TEXT,
		outcome TEXT NOT NULL,
		error TEXT NOT NULL,
		at TEXT NOT NULL,
		finished_at TEXT,
		PRIMARY KEY (run_id, seq),
		UNIQUE (run_id, op_id))`,
	`CREATE INDEX journal_key ON journal (key_json)`,
	`CREATE TABLE scans (
		id TEXT PRIMARY KEY,
		at TEXT NOT NULL,
		config_path TEXT NOT NULL,
		contract_name TEXT NOT NULL,
		contract_version BIGINT NOT NULL,
		contract_digest TEXT NOT NULL,
		summary_json TEXT NOT NULL)`,
	`CREATE INDEX scans_contract ON scans (contract_name, at)`,
	`CREATE TABLE scan_sources (
		scan_id TEXT NOT NULL REFERENCES scans (id),
		pos BIGINT NOT NULL,
		name TEXT NOT NULL,
		version TEXT NOT NULL,
		records BIGINT NOT NULL,
		error TEXT NOT NULL,
		PRIMARY KEY (scan_id, pos))`,
	`CREATE TABLE scan_drifts (
		scan_id TEXT NOT NULL REFERENCES scans (id),
		drift_id TEXT NOT NULL,
		first_seen TEXT NOT NULL,
		PRIMARY KEY (scan_id, drift_id))`,
	`CREATE TABLE snapshots (
		scan_id TEXT NOT NULL REFERENCES scans (id),
		source TEXT NOT NULL,
		key_json TEXT NOT NULL,
		values_json TEXT NOT NULL,
		PRIMARY KEY (scan_id, source, key_json))`,
	`CREATE TABLE decisions (
		id {{serial}},
		run_id TEXT NOT NULL,
		session_id TEXT NOT NULL,
		drift_id TEXT NOT NULL,
		key_json TEXT NOT NULL,
		choice TEXT NOT NULL,
		value_json TEXT,
		decided_by TEXT NOT NULL,
		at TEXT NOT NULL)`,
	`CREATE INDEX decisions_key ON decisions (key_json)`,
}, {
	`CREATE TABLE scan_drift_details (
		scan_id TEXT NOT NULL REFERENCES scans (id),
		pos BIGINT NOT NULL,
		drift_id TEXT NOT NULL,
		key_json TEXT NOT NULL,
		kind TEXT NOT NULL,
		source TEXT NOT NULL,
		field TEXT NOT NULL,
		rule TEXT NOT NULL,
		message TEXT NOT NULL,
		values_json TEXT,
		PRIMARY KEY (scan_id, pos))`,
	`CREATE INDEX scan_drift_details_key ON scan_drift_details (key_json)`,
}, {
	// Version 3: the reason each op was planned (strategy, winning source,
	// drift), so that explain shows the decision behind every write.
	`ALTER TABLE journal ADD COLUMN reason_json TEXT`,
}, {
	// Version 4: one apply at a time per source (a run's lease on each
	// source it writes, renewed by a heartbeat), and which run resumed an
	// interrupted one.
	`CREATE TABLE leases (
		source TEXT PRIMARY KEY,
		run_id TEXT NOT NULL,
		pid BIGINT NOT NULL,
		host TEXT NOT NULL,
		since TEXT NOT NULL,
		heartbeat TEXT NOT NULL)`,
	`CREATE INDEX leases_run ON leases (run_id)`,
	`ALTER TABLE runs ADD COLUMN resumed_by TEXT NOT NULL DEFAULT ''`,
}, {
	// Version 5: one lifecycle row per drift of a contract (see
	// lifecycle.go), updated in place by each watch cycle rather than
	// copied, so that a watch's history grows with its drifts, not its
	// cycles.
	`CREATE TABLE drift_lifecycle (
		contract_name TEXT NOT NULL,
		drift_id TEXT NOT NULL,
		key_json TEXT NOT NULL,
		kind TEXT NOT NULL,
		source TEXT NOT NULL,
		field TEXT NOT NULL,
		rule TEXT NOT NULL,
		class TEXT NOT NULL,
		first_seen TEXT NOT NULL,
		last_seen TEXT NOT NULL,
		resolved_at TEXT,
		alerted_at TEXT,
		run_id TEXT NOT NULL,
		PRIMARY KEY (contract_name, drift_id))`,
	`CREATE INDEX drift_lifecycle_open ON drift_lifecycle (contract_name, resolved_at)`,
	`CREATE INDEX drift_lifecycle_key ON drift_lifecycle (key_json)`,
}, {
	// Version 6: recorded scans (drift scan --record) for drift simulate:
	// every record as a source read it, one compact row per record and
	// source (see recording_codec.go), keyed without a rowid in SQLite so
	// that the key is stored once.
	`CREATE TABLE recordings (
		id {{serial}},
		scan_id TEXT NOT NULL UNIQUE REFERENCES scans (id),
		format BIGINT NOT NULL,
		fields_json TEXT NOT NULL,
		sources_json TEXT NOT NULL,
		records BIGINT NOT NULL,
		bytes BIGINT NOT NULL)`,
	`CREATE TABLE recorded_records (
		recording BIGINT NOT NULL,
		source BIGINT NOT NULL,
		seq BIGINT NOT NULL,
		data {{blob}} NOT NULL,
		PRIMARY KEY (recording, source, seq)){{without_rowid}}`,
}, {
	// Version 7: shared leases (see lease_shared.go). Queue workers hold a
	// source together; an apply or rollback holds it alone (leases).
	`CREATE TABLE shared_leases (
		source TEXT NOT NULL,
		run_id TEXT NOT NULL,
		pid BIGINT NOT NULL,
		host TEXT NOT NULL,
		since TEXT NOT NULL,
		heartbeat TEXT NOT NULL,
		PRIMARY KEY (source, run_id))`,
	`CREATE INDEX shared_leases_run ON shared_leases (run_id)`,
}, {
	// Version 8: bounded history (see prune.go). A scan no longer copies
	// every drift id it saw into scan_drifts: a drift's lifecycle row
	// carries its first_seen, and the hash of the detail last saved for
	// it, so that a scan saves the detail of the drifts new or changed in
	// it only. The drifts of each contract's newest scan move into
	// drift_lifecycle first, so that their ages survive the upgrade.
	`ALTER TABLE drift_lifecycle ADD COLUMN detail_hash TEXT NOT NULL DEFAULT ''`,
	`INSERT INTO drift_lifecycle (contract_name, drift_id, key_json, kind, source, field, rule, class,
		first_seen, last_seen, resolved_at, alerted_at, run_id)
		SELECT s.contract_name, d.drift_id, dd.key_json, dd.kind, dd.source, dd.field, dd.rule, 'converging',
			d.first_seen, s.at, NULL, NULL, s.id
		FROM scans s JOIN scan_drifts d ON d.scan_id = s.id
		JOIN scan_drift_details dd ON dd.scan_id = s.id AND dd.drift_id = d.drift_id
		WHERE s.id = (SELECT s2.id FROM scans s2 WHERE s2.contract_name = s.contract_name
			ORDER BY s2.at DESC, s2.id DESC LIMIT 1)
		ON CONFLICT (contract_name, drift_id) DO NOTHING`,
	`DROP TABLE scan_drifts`,
	`CREATE INDEX drift_lifecycle_resolved ON drift_lifecycle (resolved_at)`,
}, {
	// Version 9: pruning keeps a scan that holds the newest detail (the
	// values explain shows) of a drift still open; finding whether a newer
	// scan holds a drift's detail reads this index.
	`CREATE INDEX scan_drift_details_drift ON scan_drift_details (drift_id)`,
}, {
	// Version 10: every apply first looks for ops that killed runs left
	// pending on its sources; this index holds only those entries, so the
	// search no longer reads the whole journal.
	`CREATE INDEX journal_pending ON journal (source) WHERE outcome = 'pending'`,
}, {
	// Version 11: an op found already applied keeps its image once, its
	// after_json "=" (see afterJSON). No table changes, so no statement:
	// a drift of version 10 would read "=" as the after-image, and the
	// version alone makes it refuse the store, as it refuses any newer
	// schema.
}, {
	// Version 12: the journal no longer keeps an op id unique in its run.
	// FinishOp and FinishOps find a pending entry by its sequence number
	// (the primary key), and its index of op ids was the one index at
	// random places that no read needed: without it, journaling 100,000
	// ops costs about a quarter less. A table constraint cannot be dropped
	// in SQLite, so the journal is copied into a table without it (an
	// upgrade reads the whole journal once), and its indexes made again.
	`CREATE TABLE journal_next (
		run_id TEXT NOT NULL REFERENCES runs (id),
		seq BIGINT NOT NULL,
		op_id TEXT NOT NULL,
		source TEXT NOT NULL,
		key_json TEXT NOT NULL,
		action TEXT NOT NULL,
		before_json TEXT,
		after_json TEXT,
		outcome TEXT NOT NULL,
		error TEXT NOT NULL,
		at TEXT NOT NULL,
		finished_at TEXT,
		reason_json TEXT,
		PRIMARY KEY (run_id, seq))`,
	`INSERT INTO journal_next (run_id, seq, op_id, source, key_json, action, before_json, after_json,
		outcome, error, at, finished_at, reason_json)
		SELECT run_id, seq, op_id, source, key_json, action, before_json, after_json,
			outcome, error, at, finished_at, reason_json FROM journal`,
	`DROP TABLE journal`,
	`ALTER TABLE journal_next RENAME TO journal`,
	`CREATE INDEX journal_key ON journal (key_json)`,
	`CREATE INDEX journal_pending ON journal (source) WHERE outcome = 'pending'`,
}}

// SchemaVersion is the schema version this build of drift writes.
var SchemaVersion = len(migrations)

// migrate brings the schema to SchemaVersion in one transaction. The
// dialect's prelude runs first in it (PostgreSQL takes a lock there so that
// two processes opening a new store do not race).
func (s *sqlStore) migrate(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if s.d.prelude != nil {
			if err := s.d.prelude(ctx, tx); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		var current int
		row := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`)
		if err := row.Scan(&current); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if current > SchemaVersion {
			return fmt.Errorf("schema version %d is newer than this drift supports (%d); upgrade drift", current, SchemaVersion)
		}
		for v := current + 1; v <= SchemaVersion; v++ {
			if err := s.applyMigration(ctx, tx, v); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *sqlStore) applyMigration(ctx context.Context, tx *sql.Tx, version int) error {
	for _, stmt := range migrations[version-1] {
		stmt = strings.NewReplacer("{{serial}}", s.d.serial, "{{blob}}", s.d.blob,
			"{{without_rowid}}", s.d.withoutRowid).Replace(stmt)
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("migrate schema to version %d: %w", version, err)
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`,
		version, formatTime(time.Now()))
	if err != nil {
		return fmt.Errorf("record schema version %d: %w", version, err)
	}
	return nil
}
