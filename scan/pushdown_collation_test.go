package scan_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/drift-sh/drift/internal/testdb"
)

// A text column under a nondeterministic collation (case-insensitive ICU,
// the usual stand-in for citext) compares "user7" and "USER7" equal in
// PostgreSQL; drift does not, so the checksum must not either: the rows'
// hash is taken under the "C" collation.
func TestPushdownPostgresNondeterministicCollation(t *testing.T) {
	dsn := testdb.Postgres(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	exec := func(q string) {
		t.Helper()
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`DROP TABLE IF EXISTS push_ci_l, push_ci_r`)
	exec(`DROP COLLATION IF EXISTS push_ci`)
	exec(`CREATE COLLATION push_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`)
	defer exec(`DROP COLLATION IF EXISTS push_ci`)
	defer exec(`DROP TABLE IF EXISTS push_ci_l, push_ci_r`)
	var rows []string
	for i := 1; i <= 40; i++ {
		rows = append(rows, fmt.Sprintf("(%d, 'user%d', 'a')", i, i))
	}
	for _, tbl := range []string{"push_ci_l", "push_ci_r"} {
		exec("CREATE TABLE " + tbl + " (id bigint PRIMARY KEY, name text COLLATE push_ci, status varchar(10))")
		exec("INSERT INTO " + tbl + " VALUES " + strings.Join(rows, ", "))
	}
	exec(`UPDATE push_ci_r SET name = 'USER7' WHERE id = 7`)
	head := strings.Replace(pushContract, "    amount: {type: decimal}\n    at:     {type: timestamp}\n", "", 1)
	srcs := fmt.Sprintf("  left: {type: postgres, dsn: %q, table: push_ci_l, bisect_threshold: 3, bisect_factor: 3}\n  right: {type: postgres, dsn: %q, table: push_ci_r, bisect_threshold: 3, bisect_factor: 3}\n", dsn, dsn)
	push, full, _ := scanPair(t, t.TempDir(), head, srcs)
	if !strings.Contains(full, `"USER7"`) {
		t.Fatalf("the full scan misses the changed name:\n%s", full)
	}
	if push != full {
		t.Errorf("checksum scan differs from the full scan\npush:\n%s\nfull:\n%s", push, full)
	}
}
