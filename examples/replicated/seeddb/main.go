package seeddb

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// ParseArgs reads the seed command's flags over the config that getenv
// gives (see FromEnv): -table, -prefix and -drop. Errors are usage errors;
// the flag package has already written them to stderr.
//
//	seed [-table NAME] [-prefix PREFIX] [-drop]
func ParseArgs(args []string, getenv func(string) string, stderr io.Writer) (c Config, drop bool, err error) {
	c = FromEnv(getenv)
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Table, "table", c.Table, "table to create in PostgreSQL and MariaDB")
	fs.StringVar(&c.Prefix, "prefix", c.Prefix, "Redis key prefix of the cached orders")
	fs.BoolVar(&drop, "drop", false, "remove the example's table and keys instead of seeding them")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: seed [-table NAME] [-prefix PREFIX] [-drop]")
		fmt.Fprintln(stderr, "servers: DRIFT_PG_DSN, DRIFT_MYSQL_DSN, DRIFT_REDIS_ADDR (defaults: the local servers)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, false, err
	}
	if fs.NArg() > 0 {
		return c, false, fmt.Errorf("unexpected argument %q; see -h", fs.Arg(0))
	}
	return c, drop, c.Check()
}

// Main runs the seed command with its arguments (without the program name)
// and returns its exit code: 0 done, 1 a server failed, 2 bad usage.
func Main(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	c, drop, err := ParseArgs(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "seed: %v\n", err)
		return 2
	}
	ctx := context.Background()
	if drop {
		if err := Drop(ctx, c); err != nil {
			fmt.Fprintf(stderr, "seed: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "dropped table %s and keys %s*\n", c.Table, c.Prefix)
		return 0
	}
	if err := Seed(ctx, c); err != nil {
		fmt.Fprintf(stderr, "seed: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, Summary(c))
	return 0
}

// Summary is the line the seed command prints when it is done.
func Summary(c Config) string {
	return fmt.Sprintf("seeded %d orders in postgres, %d in mysql, %d in redis (table %s, prefix %s)",
		len(primaryOrders), len(replicaOrders), len(cacheOrders), c.Table, c.Prefix)
}
