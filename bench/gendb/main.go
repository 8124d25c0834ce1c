// Command gendb loads the database benchmark of `drift scan` into local
// servers: two PostgreSQL tables of N rows × 10 columns (bench_left and
// bench_right, where 1% of the rows differ in 1–3 fields, 0.1% are deleted
// and 0.1% added), and a PostgreSQL table of M rows (bench_cache_src) with
// its copy as Redis hashes under bench:row:, 1% of them changed. It writes
// the two drift.yaml files that compare them into -out.
//
//	go run ./bench/gendb -rows 1000000 -redis-rows 100000 -out bench/out/db
//
// The tables are dropped and recreated; keys under bench:row: are replaced.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/drift-sh/drift/bench/benchdata"
)

func main() {
	var o options
	flag.StringVar(&o.pg, "pg", env("DRIFT_PG_DSN", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"), "PostgreSQL URL (DRIFT_PG_DSN)")
	flag.StringVar(&o.redis, "redis", env("DRIFT_REDIS_ADDR", "127.0.0.1:6379"), "Redis host:port (DRIFT_REDIS_ADDR)")
	flag.IntVar(&o.rows, "rows", 1_000_000, "rows of each PostgreSQL table; 0 skips the PostgreSQL pair")
	flag.IntVar(&o.redisRows, "redis-rows", 100_000, "rows of the table copied to Redis; 0 skips it")
	flag.StringVar(&o.out, "out", "bench/out/db", "folder for the drift.yaml files")
	flag.Uint64Var(&o.seed, "seed", 1, "random seed")
	flag.IntVar(&o.driftRows, "drift-rows", 0, "when set, bench_right differs from bench_left in about this many changed rows only (none deleted or added)")
	flag.Parse()
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "gendb:", err)
		os.Exit(1)
	}
}

type options struct {
	pg, redis       string
	rows, redisRows int
	driftRows       int
	out             string
	seed            uint64
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func run(ctx context.Context, o options) error {
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	if o.rows > 0 {
		start := time.Now()
		if err := loadPair(ctx, o); err != nil {
			return err
		}
		fmt.Printf("gendb: bench_left, bench_right: %d rows each in %s\n", o.rows, time.Since(start).Round(time.Millisecond))
		if err := writeConfig(o.out, "pg-pg.yaml", pairConfig); err != nil {
			return err
		}
	}
	if o.redisRows > 0 {
		start := time.Now()
		if err := loadCache(ctx, o); err != nil {
			return err
		}
		fmt.Printf("gendb: bench_cache_src and bench:row:*: %d rows in %s\n", o.redisRows, time.Since(start).Round(time.Millisecond))
		if err := writeConfig(o.out, "pg-redis.yaml", cacheConfig); err != nil {
			return err
		}
	}
	return nil
}

const pairConfig = benchdata.Contract + `sources:
  left:  {type: postgres, dsn: "${DRIFT_PG_DSN}", table: bench_left, timeout: 10m}
  right: {type: postgres, dsn: "${DRIFT_PG_DSN}", table: bench_right, timeout: 10m}
`

const cacheConfig = benchdata.Contract + `sources:
  db:    {type: postgres, dsn: "${DRIFT_PG_DSN}", table: bench_cache_src, timeout: 10m}
  cache: {type: redis, addr: "${DRIFT_REDIS_ADDR}", prefix: "bench:row:", encoding: hash, timeout: 1m}
`

func writeConfig(dir, name, text string) error {
	return os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
}
