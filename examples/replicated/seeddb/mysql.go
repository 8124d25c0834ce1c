package seeddb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	driver "github.com/go-sql-driver/mysql"
)

// seedMySQL recreates the replica's table: DECIMAL amount, tags joined by
// ";" in a VARCHAR, DATETIME(6) in UTC and a JSON column.
func seedMySQL(ctx context.Context, c Config) error {
	return withMySQL(ctx, c, func(db *sql.DB, table string) error {
		stmts := []string{
			"DROP TABLE IF EXISTS " + table,
			"CREATE TABLE " + table + ` (
				order_id INT PRIMARY KEY,
				customer VARCHAR(100) NOT NULL,
				amount   DECIMAL(12,2) NOT NULL,
				currency VARCHAR(3) NOT NULL,
				status   VARCHAR(20) NOT NULL,
				tags     VARCHAR(255),
				paid_at  DATETIME(6),
				meta     JSON)`,
		}
		for _, s := range stmts {
			if _, err := db.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		insert := "INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
		for _, o := range replicaOrders {
			paid, err := timeOrNil(o.PaidAt)
			if err != nil {
				return err
			}
			var tags any
			if len(o.Tags) > 0 {
				tags = strings.Join(o.Tags, ";")
			}
			if _, err := db.ExecContext(ctx, insert, o.ID, o.Customer, o.Amount, o.Currency, o.Status, tags, paid, o.Meta); err != nil {
				return fmt.Errorf("order %d: %w", o.ID, err)
			}
		}
		return nil
	})
}

// dropMySQL drops the replica's table.
func dropMySQL(ctx context.Context, c Config) error {
	return withMySQL(ctx, c, func(db *sql.DB, table string) error {
		_, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS "+table)
		return err
	})
}

// withMySQL connects to DRIFT_MYSQL_DSN (times in UTC) and runs fn with the
// quoted table name; errors name the server without its password.
func withMySQL(ctx context.Context, c Config, fn func(*sql.DB, string) error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cfg, err := driver.ParseDSN(c.MySQLDSN)
	if err != nil {
		return fmt.Errorf("DRIFT_MYSQL_DSN: not a go-sql-driver DSN; use %s", DefaultMySQLDSN)
	}
	cfg.Loc, cfg.Timeout = time.UTC, timeout
	where := fmt.Sprintf("mysql %s/%s", cfg.Addr, cfg.DBName)
	conn, err := driver.NewConnector(cfg)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("%s: connect (is the server up? DRIFT_MYSQL_DSN sets it): %w", where, err)
	}
	if _, err := db.ExecContext(ctx, "SET time_zone = '+00:00'"); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if err := fn(db, "`"+strings.ReplaceAll(c.Table, "`", "``")+"`"); err != nil {
		return fmt.Errorf("%s, table %s: %w", where, c.Table, err)
	}
	return nil
}
