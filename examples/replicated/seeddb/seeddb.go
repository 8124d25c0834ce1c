// Package seeddb creates the replicated-orders example on real servers: the
// table drift_example_orders in PostgreSQL (the primary) and in MariaDB or
// MySQL (the replica), and the hashes drift-example:order:<id> in Redis (the
// cache), filled with the same orders and a handful of real divergences.
//
// Seeding is idempotent: it drops and recreates its own table and deletes
// the keys under its own prefix, and touches nothing else.
package seeddb

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Defaults of the example, used when the environment variables are unset.
const (
	DefaultPostgresDSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultMySQLDSN    = "root@tcp(127.0.0.1:3306)/test"
	DefaultRedisAddr   = "127.0.0.1:6379"
	DefaultTable       = "drift_example_orders"
	DefaultPrefix      = "drift-example:order:"
)

// timeout bounds connecting to each server and each statement batch.
const timeout = 10 * time.Second

// Config says where the example lives.
type Config struct {
	PostgresDSN string // DRIFT_PG_DSN
	MySQLDSN    string // DRIFT_MYSQL_DSN, go-sql-driver form
	RedisAddr   string // DRIFT_REDIS_ADDR, host:port
	Table       string // the table, in both databases
	Prefix      string // the Redis key prefix
}

// FromEnv returns the example's config from DRIFT_PG_DSN, DRIFT_MYSQL_DSN
// and DRIFT_REDIS_ADDR as getenv (os.Getenv, or a test script's) gives them,
// with the local defaults for those unset, and the default table and prefix.
func FromEnv(getenv func(string) string) Config {
	env := func(name, fallback string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return fallback
	}
	return Config{
		PostgresDSN: env("DRIFT_PG_DSN", DefaultPostgresDSN),
		MySQLDSN:    env("DRIFT_MYSQL_DSN", DefaultMySQLDSN),
		RedisAddr:   env("DRIFT_REDIS_ADDR", DefaultRedisAddr),
		Table:       DefaultTable,
		Prefix:      DefaultPrefix,
	}
}

var (
	tableName  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)
	prefixText = regexp.MustCompile(`^[A-Za-z0-9_:.-]+$`)
)

// Check refuses a table name or prefix the seed could not use safely: the
// table must be a plain identifier, and the prefix must hold no glob
// characters, so that clearing it deletes only the example's keys.
func (c Config) Check() error {
	var errs []error
	if !tableName.MatchString(c.Table) {
		errs = append(errs, fmt.Errorf("table %q: use letters, digits and '_' (at most 63, not starting with a digit)", c.Table))
	}
	if !prefixText.MatchString(c.Prefix) {
		errs = append(errs, fmt.Errorf("prefix %q: use letters, digits and '_', ':', '.', '-' (no glob characters)", c.Prefix))
	}
	for _, v := range []struct{ name, value string }{
		{"DRIFT_PG_DSN", c.PostgresDSN}, {"DRIFT_MYSQL_DSN", c.MySQLDSN}, {"DRIFT_REDIS_ADDR", c.RedisAddr},
	} {
		if strings.TrimSpace(v.value) == "" {
			errs = append(errs, fmt.Errorf("%s is empty; set it or unset it for the default", v.name))
		}
	}
	return errors.Join(errs...)
}

// Seed creates the example's table in both databases and its keys in Redis,
// replacing whatever an earlier seed left there.
func Seed(ctx context.Context, c Config) error {
	if err := c.Check(); err != nil {
		return err
	}
	if err := seedPostgres(ctx, c); err != nil {
		return err
	}
	if err := seedMySQL(ctx, c); err != nil {
		return err
	}
	return seedRedis(ctx, c)
}

// Drop removes the example's table from both databases and its keys from
// Redis. Everything that is reachable is cleaned even when one server fails.
func Drop(ctx context.Context, c Config) error {
	if err := c.Check(); err != nil {
		return err
	}
	return errors.Join(dropPostgres(ctx, c), dropMySQL(ctx, c), dropRedis(ctx, c))
}
