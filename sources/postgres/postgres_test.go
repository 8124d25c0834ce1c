package postgres_test

import (
	"context"
	"encoding/json"
	"regexp"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/testdb"
	_ "github.com/drift-sh/drift/sources/postgres"
	"github.com/drift-sh/drift/sources/sourcetest"
	"github.com/drift-sh/drift/sources/sqlsource"
	"github.com/drift-sh/drift/sources/sqlsource/sqltest"
)

// backend connects to the test server; statements run with UTC as the
// session time zone so literals without an offset mean UTC.
func backend(t *testing.T) sqltest.Backend {
	dsn := testdb.Postgres(t)
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	exec := func(t testing.TB, stmt string, args ...any) {
		t.Helper()
		if _, err := conn.Exec(context.Background(), stmt, args...); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	exec(t, "SET TIME ZONE 'UTC'")
	return sqltest.Backend{
		Type:    "postgres",
		Conn:    "dsn: '" + dsn + "'",
		Exec:    exec,
		Quote:   sqlsource.Postgres.Quote,
		Columns: "id int PRIMARY KEY, name text, balance numeric(12,2), ratio double precision, active boolean, updated_at timestamptz, tags text[], attrs jsonb, extra text",
		Tags:    "ARRAY['b','a']",
	}
}

func TestPostgres(t *testing.T) {
	sqltest.Run(t, backend(t))
}

func TestConformance(t *testing.T) {
	sourcetest.Run(t, sqltest.Harness(backend(t), sqlsource.Postgres, func(typ contract.Type) string {
		switch typ {
		case contract.TypeInt:
			return "bigint"
		case contract.TypeDecimal:
			return "numeric"
		case contract.TypeFloat:
			return "double precision"
		case contract.TypeTimestamp:
			return "timestamptz"
		case contract.TypeBool:
			return "boolean"
		case contract.TypeSet, contract.TypeList:
			return "text[]"
		case contract.TypeJSON:
			return "jsonb"
		}
		return "text"
	}))
}

func TestTypeMapping(t *testing.T) {
	utc := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	sqltest.TypeMapping(t, backend(t), []sqltest.TypeCase{
		{Name: "null", Decl: "text", Literal: "NULL", Want: nil},
		{Name: "numeric keeps its exact text", Decl: "numeric(12,2)", Literal: "1.50", Want: json.Number("1.50")},
		{Name: "numeric beyond float precision", Decl: "numeric", Literal: "12345678901234567890.123456789", Want: json.Number("12345678901234567890.123456789")},
		{Name: "numeric NaN stays text", Decl: "numeric", Literal: "'NaN'", Want: "NaN"},
		{Name: "smallint", Decl: "smallint", Literal: "7", Want: int64(7)},
		{Name: "integer", Decl: "integer", Literal: "-42", Want: int64(-42)},
		{Name: "bigint", Decl: "bigint", Literal: "9007199254740993", Want: int64(9007199254740993)},
		{Name: "real", Decl: "real", Literal: "0.1", Want: 0.1},
		{Name: "double", Decl: "double precision", Literal: "0.25", Want: 0.25},
		{Name: "boolean", Decl: "boolean", Literal: "true", Want: true},
		{Name: "text", Decl: "text", Literal: "'héllo'", Want: "héllo"},
		{Name: "varchar", Decl: "varchar(10)", Literal: "'abc'", Want: "abc"},
		{Name: "timestamptz is UTC", Decl: "timestamptz", Literal: "'2024-05-01 12:00:00+02'", Want: utc},
		{Name: "timestamp is UTC", Decl: "timestamp", Literal: "'2024-05-01 10:00:00'", Want: utc},
		{Name: "date", Decl: "date", Literal: "'2024-05-01'", Want: utc.Truncate(24 * time.Hour)},
		{Name: "json keeps exact numbers", Decl: "json", Literal: `'{"a": 1.0, "b": [1e2]}'`, Want: map[string]any{"a": json.Number("1.0"), "b": []any{json.Number("1e2")}}},
		{Name: "jsonb", Decl: "jsonb", Literal: `'[1.5, "x", null]'`, Want: []any{json.Number("1.5"), "x", nil}},
		{Name: "json null", Decl: "jsonb", Literal: `'null'`, Want: nil},
		{Name: "text array", Decl: "text[]", Literal: "ARRAY['b','a']", Want: []any{"b", "a"}},
		{Name: "int array", Decl: "int[]", Literal: "ARRAY[1,2]", Want: []any{json.Number("1"), json.Number("2")}},
		{Name: "numeric array", Decl: "numeric[]", Literal: "ARRAY[1.50]", Want: []any{json.Number("1.50")}},
		{Name: "bytea", Decl: "bytea", Literal: `'\x0102'`, Want: []byte{1, 2}},
		{Name: "uuid", Decl: "uuid", Literal: "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", Want: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
	})
}

func TestVersionIsWALPosition(t *testing.T) {
	b := backend(t)
	_, snap := sqltest.Fetch(t, b.Source(t, "table: "+b.Table(t)))
	if !regexp.MustCompile(`^[0-9A-F]+/[0-9A-F]+$`).MatchString(snap.Version) {
		t.Errorf("version %q is not a WAL LSN", snap.Version)
	}
}

func TestSchemaQualifiedTable(t *testing.T) {
	b := backend(t)
	schema := sqltest.Name("s")
	b.Exec(t, "CREATE SCHEMA "+b.Quote(schema))
	t.Cleanup(func() { b.Exec(t, "DROP SCHEMA "+b.Quote(schema)+" CASCADE") })
	b.Exec(t, "CREATE TABLE "+b.Quote(schema)+".accounts ("+b.Columns+")")
	b.Exec(t, "INSERT INTO "+b.Quote(schema)+".accounts (id, name) VALUES (5, 'Eve')")
	recs, _ := sqltest.Fetch(t, b.Source(t, "table: "+schema+".accounts"))
	if len(recs) != 1 || recs[0].Values[1] != "Eve" {
		t.Errorf("read %v, want the one row of %s.accounts", recs, schema)
	}
}

func TestQueryIsReadOnly(t *testing.T) {
	b := backend(t)
	name := b.Table(t)
	src := b.Source(t, `query: "DELETE FROM `+name+` RETURNING id, name, balance, ratio, active, updated_at, tags, attrs"`)
	sqltest.MustContain(t, sqltest.FetchErr(src), "read-only")
	if recs, _ := sqltest.Fetch(t, b.Source(t, "table: "+name)); len(recs) != 2 {
		t.Errorf("%d rows left after a writing query, want 2", len(recs))
	}
}

func TestUnreachableServer(t *testing.T) {
	b := sqltest.Backend{Type: "postgres"}
	b.Conn = "dsn: 'postgres://drift:s3cr3t-pw@127.0.0.1:1/test?sslmode=disable'"
	src := b.Source(t, "table: accounts\ntimeout: 2s")
	err := sqltest.FetchWithin(t, src, 3*time.Second)
	sqltest.MustContain(t, err, `"db"`, "127.0.0.1")
	sqltest.NoSecret(t, err, "s3cr3t-pw")
}

func TestBadDSNIsRedacted(t *testing.T) {
	b := sqltest.Backend{Type: "postgres"}
	b.Conn = "dsn: 'postgres://drift:s3cr3t-pw@127.0.0.1:notaport/test'"
	_, err := b.Init(t, "table: accounts")
	sqltest.MustContain(t, err, "drift.yaml", `"db"`, "dsn")
	sqltest.NoSecret(t, err, "s3cr3t-pw")
}

func TestSilentServerTimesOut(t *testing.T) {
	addr := sqltest.SilentServer(t)
	b := sqltest.Backend{Type: "postgres", Conn: "dsn: 'postgres://drift:s3cr3t-pw@" + addr + "/test?sslmode=disable'"}
	src := b.Source(t, "table: accounts\ntimeout: 1s")
	err := sqltest.FetchWithin(t, src, 2500*time.Millisecond)
	sqltest.MustContain(t, err, `"db"`, "connect")
	sqltest.NoSecret(t, err, "s3cr3t-pw")
}

func TestReread(t *testing.T) {
	sqltest.Reread(t, backend(t))
}

func TestWhole(t *testing.T) {
	b := backend(t)
	sqltest.Whole(t, b, sqltest.WholeCase{
		Schema: "public.",
		Columns: "id int PRIMARY KEY, name text, notes text, balance numeric(12,4), ratio double precision, " +
			"seen timestamptz, day date, tags text[], attrs jsonb, raw bytea, n int GENERATED ALWAYS AS IDENTITY, empty text",
		Insert: `INSERT INTO %s (id, name, notes, balance, ratio, seen, day, tags, attrs, raw)
			VALUES (1, 'Ann', 'keep <me>', 1.5, 0.1, '2024-05-01 10:00:00.123456+00', '2024-05-01',
			ARRAY['b','a'], '{"a": 1.0, "b": [2]}', '\x0001ff')`,
		Want: `{"id":1,"name":"Ann","notes":"keep <me>","balance":1.5000,"ratio":0.1,
			"seen":"2024-05-01T10:00:00.123456+00:00","day":"2024-05-01","tags":["b","a"],
			"attrs":{"a": 1.0, "b": [2]},"raw":"\\x0001ff","n":1,"empty":null}`,
	})
}
