package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/drift-sh/drift/examples/replicated/seeddb"
	"github.com/drift-sh/drift/internal/testdb"
)

// testServers maps the test servers' variables to the example's.
var testServers = []struct{ from, to, fallback string }{
	{"DRIFT_TEST_POSTGRES", "DRIFT_PG_DSN", testdb.PostgresDefault},
	{"DRIFT_TEST_MYSQL", "DRIFT_MYSQL_DSN", testdb.MySQLDefault},
	{"DRIFT_TEST_REDIS", "DRIFT_REDIS_ADDR", testdb.RedisDefault},
}

// serverDSN is the variable's value, or in CI the local default.
func serverDSN(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	if testdb.InCI() {
		return fallback
	}
	return ""
}

// serversGiven is the scripts' `servers` condition: PostgreSQL (as a
// postgres:// URL, which the state store needs), MySQL and Redis are all
// configured, or the tests run in CI, where the defaults are used and an
// unreachable server fails the script.
func serversGiven() bool {
	for _, s := range testServers {
		if serverDSN(s.from, s.fallback) == "" {
			return false
		}
	}
	u, err := url.Parse(serverDSN("DRIFT_TEST_POSTGRES", testdb.PostgresDefault))
	return err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql")
}

// scriptCondition adds `servers` (see serversGiven) to testscript's own
// conditions.
func scriptCondition(cond string) (bool, error) {
	if cond == "servers" {
		return serversGiven(), nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// scriptRuns numbers the scripts of this process, for names of their own.
var scriptRuns atomic.Int64

// setupServers passes the test servers to a script as the example's
// variables: DRIFT_PG_DSN, DRIFT_MYSQL_DSN and DRIFT_REDIS_ADDR from
// DRIFT_TEST_POSTGRES, DRIFT_TEST_MYSQL and DRIFT_TEST_REDIS, or from the
// local defaults in CI, where a script that needs them must run. Each script
// also gets names of its own, so that parallel runs do not clash:
// EXAMPLE_TABLE, EXAMPLE_PREFIX and STATE_URL (a postgres:// state store in
// a schema that is dropped when the script ends).
func setupServers(env *testscript.Env) {
	id := fmt.Sprintf("%d_%d", os.Getpid(), scriptRuns.Add(1))
	env.Setenv("EXAMPLE_TABLE", "drift_example_orders_"+id)
	env.Setenv("EXAMPLE_PREFIX", "drift-example-"+strings.ReplaceAll(id, "_", "-")+":order:")
	if !serversGiven() {
		return
	}
	for _, s := range testServers {
		env.Setenv(s.to, serverDSN(s.from, s.fallback))
	}
	pg := env.Getenv("DRIFT_PG_DSN")
	u, _ := url.Parse(pg)
	schema := "drift_state_" + id
	q := u.Query()
	q.Set("schema", schema)
	u.RawQuery = q.Encode()
	env.Setenv("STATE_URL", u.String())
	env.Defer(func() { dropSchema(pg, schema) })
}

// dropSchema removes a script's state store schema, if it made one.
func dropSchema(dsn, schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
}

// cmdSeedExample seeds the replicated example on the script's servers:
// `seed-example [-table NAME] [-prefix PREFIX]`, with the arguments of
// `go run ./examples/replicated/seed`. What it creates is dropped when the
// script ends.
func cmdSeedExample(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("usage: seed-example [-table NAME] [-prefix PREFIX]")
	}
	c, drop, err := seeddb.ParseArgs(args, ts.Getenv, ts.Stderr())
	if err != nil || drop {
		ts.Fatalf("seed-example: bad arguments %q: %v", args, err)
	}
	ctx := context.Background()
	ts.Defer(func() { seeddb.Drop(ctx, c) })
	ts.Check(seeddb.Seed(ctx, c))
	fmt.Fprintln(ts.Stdout(), seeddb.Summary(c))
}
