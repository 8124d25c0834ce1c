package scan_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/testdb"
	"github.com/drift-sh/drift/scan"
	_ "github.com/drift-sh/drift/sources/mysql"
	_ "github.com/drift-sh/drift/sources/postgres"
	_ "github.com/drift-sh/drift/sources/sqlite"
)

// pushContract is the contract of the pushdown tests: every type pushdown
// hashes, a required field and an enum.
const pushContract = `version: 1
contract:
  name: push
  version: 1
  key: [id]
  fields:
    id:     {type: int}
    name:   {type: string, normalize: [trim]}
    status: {type: enum, values: [a, b], required: true}
    amount: {type: decimal}
    at:     {type: timestamp}
sources:
`

// pushRow is one row of a test table; a nil field is NULL.
type pushRow struct {
	id     any
	name   any
	status any
	amount any
	at     any
}

// scanBoth scans the config at dir twice, once with checksum auto and
// once with checksum off (the default) on every source, and returns both reports as
// JSON with run ids, times and versions masked, and the auto scan's log.
func scanBoth(t *testing.T, dir, sourcesYAML string) (push, full, log string) {
	t.Helper()
	return scanPair(t, dir, pushContract, strings.ReplaceAll(sourcesYAML, "}", ", bisect_threshold: 3, bisect_factor: 3}"))
}

// scanPair is scanBoth with a contract of its own and the sources' tuning
// already in sourcesYAML.
func scanPair(t testing.TB, dir, head, sourcesYAML string) (push, full, log string) {
	t.Helper()
	run := func(extra string) (string, string) {
		body := head + strings.ReplaceAll(sourcesYAML, "}", extra+"}")
		path := filepath.Join(dir, "drift.yaml")
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := contract.Load(path, os.LookupEnv)
		if err != nil {
			t.Fatalf("load: %v\n%s", err, body)
		}
		srcs, err := scan.Open(cfg)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		defer scan.CloseAll(srcs)
		var logs bytes.Buffer
		opts := scan.Options{Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
		res, err := scan.Run(context.Background(), cfg, srcs, opts)
		if err != nil {
			t.Fatalf("scan: %v", err)
		}
		if res.Incomplete() {
			t.Fatalf("scan failed: %v", res.Failed)
		}
		r := *res.Report
		r.RunID, r.StartedAt, r.FinishedAt = "", r.StartedAt.Truncate(1<<62), r.FinishedAt.Truncate(1<<62)
		r.Sources = append(r.Sources[:0:0], r.Sources...)
		for i := range r.Sources {
			r.Sources[i].Version = ""
		}
		b, err := json.MarshalIndent(r, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		return string(b), logs.String()
	}
	push, log = run(", checksum: auto")
	full, _ = run(", checksum: off")
	return push, full, log
}

// pushCase is one data set: the rows of the left and right tables.
type pushCase struct {
	name        string
	left, right []pushRow
	// pushed says whether the scan should compare ranges (no violations).
	pushed bool
	// agree says every range's hashes should agree, so that no row is
	// read: the canonical texts are equal in every database.
	agree bool
}

func pushCases() []pushCase {
	base := make([]pushRow, 40)
	for i := range base {
		base[i] = pushRow{int64(i + 1), fmt.Sprintf("n%d", i), "a", fmt.Sprintf("%d.50", i), fmt.Sprintf("2024-05-01 10:00:%02d.123456", i)}
	}
	edit := func(f func([]pushRow) []pushRow) []pushRow {
		return f(append([]pushRow(nil), base...))
	}
	return []pushCase{
		{name: "equal", left: base, right: base, pushed: true, agree: true},
		{name: "changed", left: base, right: edit(func(r []pushRow) []pushRow {
			r[3].name, r[17].amount, r[30].at, r[31].name = "other", "99.5", "2024-05-01 11:00:00", nil
			return r
		}), pushed: true},
		{name: "trailing zeros equal", left: base, right: edit(func(r []pushRow) []pushRow {
			r[5].amount = "5.5"
			return r
		}), pushed: true, agree: true},
		{name: "missing on either side", left: edit(func(r []pushRow) []pushRow { return r[1:] }),
			right: edit(func(r []pushRow) []pushRow { return append(r[:20], r[21:]...) }), pushed: true},
		{name: "extra rows", left: base, right: edit(func(r []pushRow) []pushRow {
			return append(r, pushRow{int64(100), "x", "b", "1", nil}, pushRow{int64(-5), "y", "a", nil, nil})
		}), pushed: true},
		{name: "violations on both sides", left: edit(func(r []pushRow) []pushRow {
			r[7].status, r[9].status = nil, "zzz"
			return r
		}), right: edit(func(r []pushRow) []pushRow {
			r[7].status, r[9].status = nil, "zzz"
			return r
		})},
		{name: "empty", left: nil, right: nil, pushed: true, agree: true},
	}
}

// checkPush compares the two scans of one case.
func checkPush(t *testing.T, c pushCase, push, full, log string) {
	t.Helper()
	if push != full {
		t.Errorf("pushdown report differs from the full scan's\npushdown: %s\nfull: %s\nlog: %s", push, full, log)
	}
	if os.Getenv("PUSH_LOG") != "" {
		t.Log(log)
	}
	if got := strings.Contains(log, "msg=checksum "); got != c.pushed {
		t.Errorf("pushdown used = %v, want %v; log:\n%s", got, c.pushed, log)
	}
	if c.agree && strings.Contains(log, "segments_fetched=") && !strings.Contains(log, "segments_fetched=0 ") {
		t.Errorf("ranges were read, want every hash to agree; log:\n%s", log)
	}
}

func TestPushdownPostgres(t *testing.T) {
	dsn := testdb.Postgres(t)
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	exec := func(q string, args ...any) {
		if _, err := conn.Exec(context.Background(), q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, c := range pushCases() {
		t.Run(c.name, func(t *testing.T) {
			for _, tbl := range []string{"push_l", "push_r"} {
				exec("DROP TABLE IF EXISTS " + tbl)
				exec("CREATE TABLE " + tbl + " (id bigint PRIMARY KEY, name text, status varchar(10), amount numeric(12,2), at timestamptz)")
			}
			for tbl, rows := range map[string][]pushRow{"push_l": c.left, "push_r": c.right} {
				for _, r := range rows {
					exec("INSERT INTO "+tbl+" VALUES ($1, $2, $3, $4, $5)", r.id, r.name, r.status, r.amount, r.at)
				}
			}
			srcs := fmt.Sprintf("  left: {type: postgres, dsn: %q, table: push_l}\n  right: {type: postgres, dsn: %q, table: push_r}\n", dsn, dsn)
			push, full, log := scanBoth(t, t.TempDir(), srcs)
			checkPush(t, c, push, full, log)
		})
	}
}

func TestPushdownPostgresMariaDB(t *testing.T) {
	pdsn, mdsn := testdb.Postgres(t), testdb.MySQL(t)
	pg, err := pgx.Connect(context.Background(), pdsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close(context.Background())
	my, err := sql.Open("mysql", mdsn)
	if err != nil {
		t.Fatal(err)
	}
	defer my.Close()
	for _, c := range pushCases() {
		t.Run(c.name, func(t *testing.T) {
			for _, q := range []string{"DROP TABLE IF EXISTS push_l", "CREATE TABLE push_l (id bigint PRIMARY KEY, name text, status varchar(10), amount numeric(12,2), at timestamptz)"} {
				if _, err := pg.Exec(context.Background(), q); err != nil {
					t.Fatal(err)
				}
			}
			for _, q := range []string{"DROP TABLE IF EXISTS push_r", "CREATE TABLE push_r (id bigint PRIMARY KEY, name text, status varchar(10), amount decimal(12,2), at datetime(6))"} {
				if _, err := my.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			for _, r := range c.left {
				if _, err := pg.Exec(context.Background(), "INSERT INTO push_l VALUES ($1, $2, $3, $4, $5)", r.id, r.name, r.status, r.amount, utc(r.at)); err != nil {
					t.Fatal(err)
				}
			}
			for _, r := range c.right {
				if _, err := my.Exec("INSERT INTO push_r VALUES (?, ?, ?, ?, ?)", r.id, r.name, r.status, r.amount, r.at); err != nil {
					t.Fatal(err)
				}
			}
			srcs := fmt.Sprintf("  left: {type: postgres, dsn: %q, table: push_l}\n  right: {type: mysql, dsn: %q, table: push_r}\n", pdsn, mdsn)
			push, full, log := scanBoth(t, t.TempDir(), srcs)
			checkPush(t, c, push, full, log)
		})
	}
}

// utc marks a test timestamp as UTC for a timestamptz column.
func utc(v any) any {
	if s, ok := v.(string); ok {
		return s + "+00"
	}
	return v
}

func TestPushdownSQLite(t *testing.T) {
	for _, c := range pushCases() {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, side := range []struct {
				file string
				rows []pushRow
			}{{"l.db", c.left}, {"r.db", c.right}} {
				db, err := sql.Open("sqlite", filepath.Join(dir, side.file))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, status TEXT, amount TEXT, at TEXT)"); err != nil {
					t.Fatal(err)
				}
				for _, r := range side.rows {
					if _, err := db.Exec("INSERT INTO t VALUES (?, ?, ?, ?, ?)", r.id, r.name, r.status, r.amount, r.at); err != nil {
						t.Fatal(err)
					}
				}
				db.Close()
			}
			srcs := "  left: {type: sqlite, path: l.db, table: t}\n  right: {type: sqlite, path: r.db, table: t}\n"
			push, full, log := scanBoth(t, dir, srcs)
			c.agree = false // text decimals and timestamps are suspect in SQLite, and read
			checkPush(t, c, push, full, log)
		})
	}
}
