package seeddb

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// seedPostgres recreates the primary's table: integer key, numeric amount,
// a text[] of tags, timestamptz and jsonb.
func seedPostgres(ctx context.Context, c Config) error {
	return withPostgres(ctx, c, func(conn *pgx.Conn, table string) error {
		stmts := []string{
			"DROP TABLE IF EXISTS " + table,
			"CREATE TABLE " + table + ` (
				order_id integer PRIMARY KEY,
				customer text NOT NULL,
				amount   numeric(12,2) NOT NULL,
				currency text NOT NULL,
				status   text NOT NULL,
				tags     text[],
				paid_at  timestamptz,
				meta     jsonb)`,
		}
		for _, s := range stmts {
			if _, err := conn.Exec(ctx, s); err != nil {
				return err
			}
		}
		insert := "INSERT INTO " + table + " VALUES ($1, $2, $3::numeric, $4, $5, $6, $7, $8::jsonb)"
		for _, o := range primaryOrders {
			paid, err := timeOrNil(o.PaidAt)
			if err != nil {
				return err
			}
			if _, err := conn.Exec(ctx, insert, o.ID, o.Customer, o.Amount, o.Currency, o.Status, o.Tags, paid, o.Meta); err != nil {
				return fmt.Errorf("order %d: %w", o.ID, err)
			}
		}
		return nil
	})
}

// dropPostgres drops the primary's table.
func dropPostgres(ctx context.Context, c Config) error {
	return withPostgres(ctx, c, func(conn *pgx.Conn, table string) error {
		_, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+table)
		return err
	})
}

// withPostgres connects to DRIFT_PG_DSN and runs fn with the quoted table
// name; errors name the server without its password.
func withPostgres(ctx context.Context, c Config, fn func(*pgx.Conn, string) error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cfg, err := pgx.ParseConfig(c.PostgresDSN)
	if err != nil {
		return fmt.Errorf("DRIFT_PG_DSN: not a PostgreSQL URL or key=value DSN; use %s", DefaultPostgresDSN)
	}
	where := fmt.Sprintf("postgres %s:%d/%s", cfg.Host, cfg.Port, cfg.Database)
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("%s: connect (is the server up? DRIFT_PG_DSN sets it): %w", where, err)
	}
	defer conn.Close(context.Background())
	if err := fn(conn, pgx.Identifier{c.Table}.Sanitize()); err != nil {
		return fmt.Errorf("%s, table %s: %w", where, c.Table, err)
	}
	return nil
}

// timeOrNil parses an RFC 3339 time; "" is NULL.
func timeOrNil(s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, fmt.Errorf("paid_at %q: %w", s, err)
	}
	return &t, nil
}
