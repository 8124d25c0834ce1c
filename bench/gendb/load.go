package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/jackc/pgx/v5"
	goredis "github.com/redis/go-redis/v9"
)

// loadPair fills bench_left with rows 0..n-1 and bench_right with the same
// rows, 1% changed, 0.1% deleted, and n/1000 rows added after them.
func loadPair(ctx context.Context, o options) error {
	conn, err := pgx.Connect(ctx, o.pg)
	if err != nil {
		return fmt.Errorf("connect to postgres: %w", err)
	}
	defer conn.Close(ctx)
	n := int64(o.rows)
	if err := copyTable(ctx, conn, "bench_left", n, func(id int64) (row, bool) {
		return makeRow(o.seed, id), true
	}); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(o.seed, 0xd1f7))
	if o.driftRows > 0 {
		return copyTable(ctx, conn, "bench_right", n, func(id int64) (row, bool) {
			r := makeRow(o.seed, id)
			if rng.Int64N(n) < int64(o.driftRows) {
				return change(rng, r), true
			}
			return r, true
		})
	}
	return copyTable(ctx, conn, "bench_right", n+n/1000, func(id int64) (row, bool) {
		r := makeRow(o.seed, id)
		if id >= n {
			return r, true // added
		}
		switch x := rng.IntN(1000); {
		case x < 1:
			return r, false // deleted
		case x < 11:
			return change(rng, r), true
		}
		return r, true
	})
}

// copyTable recreates table and COPYs rows 0..n-1 into it, skipping those
// gen rejects, then adds the primary key.
func copyTable(ctx context.Context, conn *pgx.Conn, table string, n int64, gen func(int64) (row, bool)) error {
	ident := pgx.Identifier{table}
	for _, s := range []string{"DROP TABLE IF EXISTS " + ident.Sanitize(), "CREATE TABLE " + ident.Sanitize() + " " + createTable} {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	id := int64(-1)
	var cur row
	src := pgx.CopyFromFunc(func() ([]any, error) {
		for {
			id++
			if id >= n {
				return nil, nil
			}
			var ok bool
			if cur, ok = gen(id); ok {
				return cur.values(), nil
			}
		}
	})
	if _, err := conn.CopyFrom(ctx, ident, columns, src); err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	for _, s := range []string{"ALTER TABLE " + ident.Sanitize() + " ADD PRIMARY KEY (id)", "ANALYZE " + ident.Sanitize()} {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	return nil
}

// loadCache fills bench_cache_src with m rows and writes each as a Redis
// hash bench:row:<id>, 1% of them changed, with pipelined HSETs.
func loadCache(ctx context.Context, o options) error {
	conn, err := pgx.Connect(ctx, o.pg)
	if err != nil {
		return fmt.Errorf("connect to postgres: %w", err)
	}
	defer conn.Close(ctx)
	m := int64(o.redisRows)
	if err := copyTable(ctx, conn, "bench_cache_src", m, func(id int64) (row, bool) {
		return makeRow(o.seed, id), true
	}); err != nil {
		return err
	}
	rdb, err := redisClient(o.redis)
	if err != nil {
		return err
	}
	defer rdb.Close()
	if err := clearKeys(ctx, rdb, "bench:row:*"); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(o.seed, 0xcace))
	const batch = 1000
	pipe := rdb.Pipeline()
	for id := int64(0); id < m; id++ {
		r := makeRow(o.seed, id)
		if rng.IntN(100) == 0 {
			r = change(rng, r)
		}
		pipe.HSet(ctx, fmt.Sprintf("bench:row:%d", id), r.hash())
		if pipe.Len() == batch || id == m-1 {
			if _, err := pipe.Exec(ctx); err != nil {
				return fmt.Errorf("redis HSET: %w", err)
			}
		}
	}
	return nil
}

// clearKeys deletes the keys that match pattern.
func clearKeys(ctx context.Context, rdb *goredis.Client, pattern string) error {
	iter := rdb.Scan(ctx, 0, pattern, 10000).Iterator()
	var keys []string
	for iter.Next(ctx) {
		if keys = append(keys, iter.Val()); len(keys) == 10000 {
			if err := rdb.Unlink(ctx, keys...).Err(); err != nil {
				return err
			}
			keys = keys[:0]
		}
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("redis SCAN: %w", err)
	}
	if len(keys) > 0 {
		return rdb.Unlink(ctx, keys...).Err()
	}
	return nil
}

// redisClient connects to addr, host:port or a redis:// URL (which may
// name a database, to keep the benchmark's keys apart).
func redisClient(addr string) (*goredis.Client, error) {
	if !strings.HasPrefix(addr, "redis://") {
		return goredis.NewClient(&goredis.Options{Addr: addr}), nil
	}
	opts, err := goredis.ParseURL(addr)
	if err != nil {
		return nil, fmt.Errorf("redis address %q: %w", addr, err)
	}
	return goredis.NewClient(opts), nil
}
