package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/sources"
	"github.com/drift-sh/drift/sources/sourcetest"
	"github.com/drift-sh/drift/sources/sqlite"
	"github.com/drift-sh/drift/sources/sqlsource"
	"github.com/drift-sh/drift/sources/sqlsource/sqltest"
)

// backend is a fresh database file in the test's temp folder.
func backend(t *testing.T) (sqltest.Backend, string) {
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return sqltest.Backend{
		Type: "sqlite",
		Conn: "path: " + path,
		Exec: func(t testing.TB, stmt string, args ...any) {
			t.Helper()
			if _, err := db.Exec(stmt, args...); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		},
		Quote:   func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` },
		Columns: "id INTEGER PRIMARY KEY, name TEXT, balance TEXT, ratio REAL, active BOOLEAN, updated_at DATETIME, tags TEXT, attrs TEXT, extra TEXT",
		Tags:    "'b;a'",
	}, path
}

func TestSQLite(t *testing.T) {
	b, _ := backend(t)
	sqltest.Run(t, b)
}

func TestConformance(t *testing.T) {
	b, _ := backend(t)
	sourcetest.Run(t, sqltest.Harness(b, sqlsource.SQLite, func(typ contract.Type) string {
		switch typ {
		case contract.TypeInt:
			return "INTEGER"
		case contract.TypeDecimal:
			return "NUMERIC"
		case contract.TypeTimestamp:
			return "DATETIME"
		case contract.TypeBool:
			return "BOOLEAN"
		}
		return "TEXT"
	}))
}

func TestTypeMapping(t *testing.T) {
	b, _ := backend(t)
	utc := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	sqltest.TypeMapping(t, b, []sqltest.TypeCase{
		{Name: "null", Decl: "TEXT", Literal: "NULL", Want: nil},
		{Name: "integer", Decl: "INTEGER", Literal: "42", Want: int64(42)},
		{Name: "real", Decl: "REAL", Literal: "0.25", Want: 0.25},
		{Name: "text", Decl: "TEXT", Literal: "'héllo'", Want: "héllo"},
		{Name: "blob", Decl: "BLOB", Literal: "x'0102'", Want: []byte{1, 2}},
		{Name: "decimal stored as real keeps its shortest text", Decl: "DECIMAL(10,2)", Literal: "1.10", Want: json.Number("1.1")},
		{Name: "decimal text takes NUMERIC affinity", Decl: "DECIMAL(10,2)", Literal: "'1.50'", Want: json.Number("1.5")},
		{Name: "integer in a decimal column", Decl: "DECIMAL(10,2)", Literal: "7", Want: json.Number("7")},
		{Name: "decimal that is not a number stays text", Decl: "DECIMAL(10,2)", Literal: "'abc'", Want: "abc"},
		{Name: "datetime", Decl: "DATETIME", Literal: "'2024-05-01 10:00:00'", Want: utc},
		{Name: "datetime with offset is UTC", Decl: "DATETIME", Literal: "'2024-05-01 12:00:00+02:00'", Want: utc},
		{Name: "bool is an int", Decl: "BOOLEAN", Literal: "1", Want: int64(1)},
		{Name: "json column", Decl: "JSON", Literal: `'{"a": 1.0}'`, Want: map[string]any{"a": json.Number("1.0")}},
	})
}

func TestVersion(t *testing.T) {
	b, path := backend(t)
	name := b.Table(t)
	src := b.Source(t, "table: "+name)
	_, v1 := sqltest.Fetch(t, src)
	_, again := sqltest.Fetch(t, src)
	if !strings.HasPrefix(v1.Version, "data_version:") || !strings.Contains(v1.Version, " sha256:") {
		t.Fatalf("version %q, want data_version:<n> sha256:<hex>", v1.Version)
	}
	if again.Version != v1.Version {
		t.Errorf("unchanged file: version %q then %q", v1.Version, again.Version)
	}
	b.Exec(t, "UPDATE "+name+" SET name = 'Zed' WHERE id = 1")
	if _, v2 := sqltest.Fetch(t, src); v2.Version == v1.Version {
		t.Errorf("version %q unchanged after a write", v2.Version)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

func TestPathErrors(t *testing.T) {
	rel := sqltest.Config(t, t.TempDir(), sqltest.Contract+"sources:\n  db: {type: sqlite, path: data/missing.db, table: t}\n")
	err := sqltest.FetchErr(sqltest.New(t, rel))
	sqltest.MustContain(t, err, `"db"`, filepath.Join(rel.Dir, "data", "missing.db"), "check path")

	noPath := sqltest.Config(t, t.TempDir(), sqltest.Contract+"sources:\n  db: {type: sqlite, table: t}\n")
	sqltest.MustContain(t, new(sqlite.Source).Init(noPath), "drift.yaml:", `"db"`, "missing path")
}

func TestReread(t *testing.T) {
	b, _ := backend(t)
	b.Exec(t, "PRAGMA journal_mode=WAL")
	sqltest.Reread(t, b)
}

// TestRereadHoldsReadLock: in rollback-journal mode the read lock is held
// from FetchLocated until Close, so a writer waits (and, with no busy
// timeout, fails) in between, and succeeds after.
func TestRereadHoldsReadLock(t *testing.T) {
	b, path := backend(t)
	name := b.Table(t)
	src := b.Source(t, "table: "+name)
	sqltest.Located(t, src)
	w, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Exec("DELETE FROM " + b.Quote(name)); err == nil {
		t.Fatal("a write succeeded while FetchLocated's read transaction was open")
	}
	if err := src.(*sqlite.Source).Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec("DELETE FROM " + b.Quote(name)); err != nil {
		t.Fatalf("write after Close: %v", err)
	}
}

func TestWhole(t *testing.T) {
	b, _ := backend(t)
	sqltest.Whole(t, b, sqltest.WholeCase{
		Columns: "id INTEGER PRIMARY KEY, name TEXT, notes TEXT, balance NUMERIC, ratio REAL, whole REAL, " +
			"seen DATETIME, raw BLOB, anything, empty TEXT",
		Insert: `INSERT INTO %s VALUES (1, 'Ann', 'keep <me> & me', '1.50x', 0.1, 2.0,
			'2024-05-01T10:00:00Z', X'0001FF', 'x''y', NULL)`,
		Want: `{"id":1,"name":"Ann","notes":"keep <me> & me","balance":"1.50x","ratio":0.1,"whole":2.0,
			"seen":"2024-05-01T10:00:00Z","raw":"AAH/","anything":"x'y","empty":null}`,
	})
}

func TestWholeRefusesAmbiguousBlobs(t *testing.T) {
	cases := []struct{ name, value, want string }{
		{"blob in a text column", "X'00'", "blob"},
		{"text in a blob column", "'abc'", "text"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := backend(t)
			col := "TEXT"
			if tc.want == "text" {
				col = "BLOB"
			}
			b.Exec(t, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, c "+col+")")
			b.Exec(t, "INSERT INTO t VALUES (1, 'Ann', "+tc.value+")")
			src := b.Source(t, "table: t").(sources.WholeRecorder)
			_, _, err := src.GetWhole(context.Background(), []any{json.Number("1")})
			sqltest.MustContain(t, err, `column "c"`, tc.want)
		})
	}
}

func TestChecksumOptionErrors(t *testing.T) {
	for _, c := range []struct{ opt, want string }{
		{"checksum: maybe", `checksum "maybe" is not auto or off`},
		{"bisect_factor: 1", "bisect_factor 1 is below 2"},
		{"bisect_threshold: -3", "bisect_threshold -3 is below 1"},
		{"bisect_factor: many", `option "bisect_factor": expected a whole number`},
	} {
		cfg := sqltest.Config(t, t.TempDir(), sqltest.Contract+"sources:\n  db: {type: sqlite, path: x.db, table: t, "+c.opt+"}\n")
		sqltest.MustContain(t, new(sqlite.Source).Init(cfg), "drift.yaml:16:", c.want)
	}
}
