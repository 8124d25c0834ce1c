// Package testdb finds the database servers that integration tests run
// against. Each helper reads its DSN from an environment variable; in CI
// (CI=true) an unset variable means the local default server, and an
// unreachable server fails the test. Elsewhere a test without a configured,
// reachable server is skipped with a message that says how to run it.
package testdb

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/drift-sh/drift/internal/redact"
)

// Defaults used in CI when the variable is unset, and shown in skip messages.
const (
	PostgresDefault = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	MySQLDefault    = "root@tcp(127.0.0.1:3306)/test"
	RedisDefault    = "127.0.0.1:6379"
)

// dialTimeout bounds the reachability check.
const dialTimeout = 2 * time.Second

// server describes one kind of server the helpers look for.
type server struct {
	name, env, fallback string
	addr                func(dsn string) (network, address string, err error)
}

// Postgres returns the DSN of the test PostgreSQL server (DRIFT_TEST_POSTGRES).
func Postgres(t testing.TB) string {
	t.Helper()
	return lookup(t, server{"PostgreSQL", "DRIFT_TEST_POSTGRES", PostgresDefault, postgresAddr})
}

// MySQL returns the DSN of the test MySQL server (DRIFT_TEST_MYSQL), in
// go-sql-driver form.
func MySQL(t testing.TB) string {
	t.Helper()
	return lookup(t, server{"MySQL", "DRIFT_TEST_MYSQL", MySQLDefault, mysqlAddr})
}

// Redis returns the address of the test Redis server (DRIFT_TEST_REDIS):
// host:port, or a redis:// URL when the variable holds one.
func Redis(t testing.TB) string {
	t.Helper()
	return lookup(t, server{"Redis", "DRIFT_TEST_REDIS", RedisDefault, redisAddr})
}

// InCI reports whether the tests run in CI, where a missing server is a
// failure rather than a skip.
func InCI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

func lookup(t testing.TB, s server) string {
	t.Helper()
	dsn := os.Getenv(s.env)
	if dsn == "" {
		if !InCI() {
			t.Skipf("%s tests need a server: set %s=%s", s.name, s.env, s.fallback)
		}
		dsn = s.fallback
	}
	network, address, err := s.addr(dsn)
	if err != nil {
		t.Fatalf("%s=%s: %v", s.env, redact.DSN(dsn), err)
	}
	conn, err := net.DialTimeout(network, address, dialTimeout)
	if err != nil {
		msg := fmt.Sprintf("%s server %s (from %s) is unreachable: %v", s.name, address, s.env, err)
		if InCI() {
			t.Fatal(msg)
		}
		t.Skip(msg + "; start it or unset " + s.env)
	}
	conn.Close()
	return dsn
}
