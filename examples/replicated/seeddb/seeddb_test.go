package seeddb

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/drift-sh/drift/internal/testdb"
)

func TestParseArgs(t *testing.T) {
	vars := map[string]string{"DRIFT_PG_DSN": "postgres://pg.example/db", "DRIFT_REDIS_ADDR": "cache:6379"}
	getenv := func(k string) string { return vars[k] }
	cases := []struct {
		name    string
		args    []string
		want    Config
		drop    bool
		wantErr string
	}{
		{name: "defaults and environment", want: Config{"postgres://pg.example/db", DefaultMySQLDSN, "cache:6379", DefaultTable, DefaultPrefix}},
		{name: "own table and prefix", args: []string{"-table", "t_1", "-prefix", "p-1:o:"},
			want: Config{"postgres://pg.example/db", DefaultMySQLDSN, "cache:6379", "t_1", "p-1:o:"}},
		{name: "drop", args: []string{"-drop"}, drop: true,
			want: Config{"postgres://pg.example/db", DefaultMySQLDSN, "cache:6379", DefaultTable, DefaultPrefix}},
		{name: "table that is not an identifier", args: []string{"-table", "orders; DROP TABLE x"}, wantErr: `table "orders; DROP TABLE x": use letters`},
		{name: "table starting with a digit", args: []string{"-table", "1orders"}, wantErr: `table "1orders"`},
		{name: "prefix with a glob", args: []string{"-prefix", "order:*"}, wantErr: `prefix "order:*": use letters`},
		{name: "empty prefix", args: []string{"-prefix", ""}, wantErr: `prefix ""`},
		{name: "stray argument", args: []string{"now"}, wantErr: `unexpected argument "now"`},
		{name: "unknown flag", args: []string{"-tabel", "x"}, wantErr: "flag provided but not defined: -tabel"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, drop, err := ParseArgs(tc.args, getenv, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want || drop != tc.drop {
				t.Fatalf("got %+v drop=%v, want %+v drop=%v", got, drop, tc.want, tc.drop)
			}
		})
	}
}

func TestCheckEmptyServer(t *testing.T) {
	c := Config{Table: DefaultTable, Prefix: DefaultPrefix, PostgresDSN: "x", RedisAddr: "y"}
	if err := c.Check(); err == nil || !strings.Contains(err.Error(), "DRIFT_MYSQL_DSN is empty") {
		t.Fatalf("Check() = %v, want DRIFT_MYSQL_DSN is empty", err)
	}
}

// TestSeedIsIdempotentAndDropCleans seeds twice on the real servers, counts
// what is there, then drops it and finds nothing left.
func TestSeedIsIdempotentAndDropCleans(t *testing.T) {
	c := Config{
		PostgresDSN: testdb.Postgres(t), MySQLDSN: testdb.MySQL(t), RedisAddr: testdb.Redis(t),
		Table: fmt.Sprintf("drift_seed_test_%d", os.Getpid()), Prefix: fmt.Sprintf("drift-seed-test-%d:order:", os.Getpid()),
	}
	ctx := context.Background()
	t.Cleanup(func() { Drop(ctx, c) })
	for range 2 {
		if err := Seed(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if n := redisKeys(t, c); n != len(cacheOrders) {
		t.Fatalf("redis holds %d keys under %s, want %d", n, c.Prefix, len(cacheOrders))
	}
	if err := Drop(ctx, c); err != nil {
		t.Fatal(err)
	}
	if n := redisKeys(t, c); n != 0 {
		t.Fatalf("after Drop redis holds %d keys under %s", n, c.Prefix)
	}
}

func redisKeys(t *testing.T, c Config) int {
	t.Helper()
	rdb := goredis.NewClient(&goredis.Options{Addr: c.RedisAddr})
	defer rdb.Close()
	keys, err := rdb.Keys(context.Background(), c.Prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	return len(keys)
}
