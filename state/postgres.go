package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/drift-sh/drift/internal/redact"
)

// DefaultSchema is the PostgreSQL schema that holds drift's tables unless the
// URL names another with its `schema` parameter.
const DefaultSchema = "drift"

var schemaName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

// openPostgres opens the PostgreSQL store that dsn names, creating its schema
// on first use.
func openPostgres(ctx context.Context, dsn string) (Store, error) {
	where := redact.DSN(dsn)
	conn, schema, err := splitSchema(dsn)
	if err != nil {
		return nil, fmt.Errorf("state store %s: %w", where, err)
	}
	cfg, err := pgx.ParseConfig(conn)
	if err != nil {
		return nil, redact.Error(fmt.Errorf("state store %s: %w", where, err), dsn)
	}
	cfg.RuntimeParams["search_path"] = schema
	s := &sqlStore{db: stdlib.OpenDB(*cfg), d: postgresDialect(schema), dsn: dsn}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, redact.Error(fmt.Errorf("state store %s: connect (is the server up, and is --state / DRIFT_STATE right?): %w", where, err), dsn)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, redact.Error(fmt.Errorf("state store %s: %w", where, err), dsn)
	}
	return s, nil
}

// splitSchema removes drift's own `schema` parameter from the URL, which
// pgx would otherwise send to the server as a setting.
func splitSchema(dsn string) (string, string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", "", errors.New("not a valid postgres URL; escape special characters in the password with %XX")
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return "", "", fmt.Errorf("URL parameters: %w", err)
	}
	schema := q.Get("schema")
	if schema == "" {
		return dsn, DefaultSchema, nil
	}
	if !schemaName.MatchString(schema) {
		return "", "", fmt.Errorf("schema %q: use letters, digits and '_' (at most 63, not starting with a digit)", schema)
	}
	q.Del("schema")
	u.RawQuery = q.Encode()
	return u.String(), schema, nil
}

// postgresDialect creates the schema inside the migration transaction,
// under an advisory lock that serializes concurrent first opens.
func postgresDialect(schema string) dialect {
	return dialect{
		name:   "postgres",
		serial: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
		blob:   "BYTEA",
		lockLeases: func(ctx context.Context, tx *sql.Tx, names []string) error {
			return lockLeaseNames(ctx, tx, schema, names)
		},
		prelude: func(ctx context.Context, tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('drift.state.' || $1::text))`, schema); err != nil {
				return fmt.Errorf("lock schema %s: %w", schema, err)
			}
			var exists bool
			row := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema)
			if err := row.Scan(&exists); err != nil {
				return fmt.Errorf("look up schema %s: %w", schema, err)
			}
			if exists {
				return nil
			}
			if _, err := tx.ExecContext(ctx, `CREATE SCHEMA `+pgx.Identifier{schema}.Sanitize()); err != nil {
				return fmt.Errorf("create schema %s (or create it beforehand and grant usage): %w", schema, err)
			}
			return nil
		},
	}
}

// lockLeaseNames takes a transaction advisory lock per lease name, in
// name order: runs taking the leases of different names (queue workers
// locking different keys) do not wait for each other, while two runs
// after one name are serialized. Two names whose 64-bit hashes collide
// share a lock; should that make two transactions wait for each other,
// PostgreSQL ends one with a deadlock error, and its lease is refused.
func lockLeaseNames(ctx context.Context, tx *sql.Tx, schema string, names []string) error {
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('drift.leases.' || $1::text || ' ' || $2::text, 0))`,
			schema, name); err != nil {
			return fmt.Errorf("lock the lease of %q: %w", name, err)
		}
	}
	return nil
}
