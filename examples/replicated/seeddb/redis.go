package seeddb

import (
	"context"
	"fmt"
	"strings"

	goredis "github.com/redis/go-redis/v9"
)

// seedRedis replaces the keys under the prefix with the cache's hashes.
func seedRedis(ctx context.Context, c Config) error {
	return withRedis(ctx, c, func(rdb *goredis.Client) error {
		if err := clearPrefix(ctx, rdb, c.Prefix); err != nil {
			return err
		}
		pipe := rdb.TxPipeline()
		for id, fields := range cacheOrders {
			pipe.HSet(ctx, c.Prefix+id, fields)
		}
		_, err := pipe.Exec(ctx)
		return err
	})
}

// dropRedis deletes every key under the prefix.
func dropRedis(ctx context.Context, c Config) error {
	return withRedis(ctx, c, func(rdb *goredis.Client) error {
		return clearPrefix(ctx, rdb, c.Prefix)
	})
}

// clearPrefix deletes the keys that start with prefix (Check has made sure
// it holds no glob characters).
func clearPrefix(ctx context.Context, rdb *goredis.Client, prefix string) error {
	iter := rdb.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		return err
	}
	if len(keys) == 0 {
		return nil
	}
	return rdb.Del(ctx, keys...).Err()
}

// withRedis connects to DRIFT_REDIS_ADDR and runs fn.
func withRedis(ctx context.Context, c Config, fn func(*goredis.Client) error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	opts := &goredis.Options{Addr: c.RedisAddr}
	if strings.Contains(c.RedisAddr, "://") {
		parsed, err := goredis.ParseURL(c.RedisAddr)
		if err != nil {
			return fmt.Errorf("DRIFT_REDIS_ADDR: not host:port or a redis:// URL; use %s", DefaultRedisAddr)
		}
		opts = parsed
	}
	opts.DialTimeout, opts.MaxRetries = timeout, 1
	rdb := goredis.NewClient(opts)
	defer rdb.Close()
	where := "redis " + opts.Addr
	if err := rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("%s: connect (is the server up? DRIFT_REDIS_ADDR sets it): %w", where, err)
	}
	if err := fn(rdb); err != nil {
		return fmt.Errorf("%s, prefix %q: %w", where, c.Prefix, err)
	}
	return nil
}
