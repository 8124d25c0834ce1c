package mysql_test

import (
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/drift-sh/drift/contract"
	"github.com/drift-sh/drift/internal/testdb"
	_ "github.com/drift-sh/drift/sources/mysql"
	"github.com/drift-sh/drift/sources/sourcetest"
	"github.com/drift-sh/drift/sources/sqlsource"
	"github.com/drift-sh/drift/sources/sqlsource/sqltest"
)

// backend connects to the test server.
func backend(t *testing.T) sqltest.Backend {
	dsn := testdb.MySQL(t)
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return sqltest.Backend{
		Type: "mysql",
		Conn: "dsn: '" + dsn + "'",
		Exec: func(t testing.TB, stmt string, args ...any) {
			t.Helper()
			if _, err := db.Exec(stmt, args...); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		},
		Quote:   sqlsource.MySQL.Quote,
		Columns: "id int PRIMARY KEY, name varchar(100), balance decimal(12,2), ratio double, active tinyint(1), updated_at datetime(6), tags text, attrs json, extra text",
		Tags:    "'b;a'",
	}
}

func TestMySQL(t *testing.T) {
	sqltest.Run(t, backend(t))
}

func TestConformance(t *testing.T) {
	sourcetest.Run(t, sqltest.Harness(backend(t), sqlsource.MySQL, func(typ contract.Type) string {
		switch typ {
		case contract.TypeInt:
			return "bigint"
		case contract.TypeDecimal:
			return "decimal(20,6)"
		case contract.TypeFloat:
			return "double"
		case contract.TypeTimestamp:
			return "datetime(6)"
		case contract.TypeBool:
			return "tinyint(1)"
		case contract.TypeJSON:
			return "json"
		case contract.TypeString:
			return "varchar(255)"
		}
		return "text"
	}))
}

func TestTypeMapping(t *testing.T) {
	utc := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	sqltest.TypeMapping(t, backend(t), []sqltest.TypeCase{
		{Name: "null", Decl: "text", Literal: "NULL", Want: nil},
		{Name: "decimal keeps its exact text", Decl: "decimal(12,2)", Literal: "1.5", Want: json.Number("1.50")},
		{Name: "wide decimal", Decl: "decimal(38,9)", Literal: "12345678901234567890.123456789", Want: json.Number("12345678901234567890.123456789")},
		{Name: "tinyint(1) is an int", Decl: "tinyint(1)", Literal: "1", Want: int64(1)},
		{Name: "int", Decl: "int", Literal: "-42", Want: int64(-42)},
		{Name: "bigint", Decl: "bigint", Literal: "9007199254740993", Want: int64(9007199254740993)},
		{Name: "unsigned bigint beyond int64", Decl: "bigint unsigned", Literal: "18446744073709551615", Want: json.Number("18446744073709551615")},
		{Name: "float", Decl: "float", Literal: "0.1", Want: 0.1},
		{Name: "double", Decl: "double", Literal: "0.25", Want: 0.25},
		{Name: "varchar", Decl: "varchar(10)", Literal: "'héllo'", Want: "héllo"},
		{Name: "text", Decl: "text", Literal: "'abc'", Want: "abc"},
		{Name: "blob", Decl: "blob", Literal: "x'0102'", Want: []byte{1, 2}},
		{Name: "datetime is UTC", Decl: "datetime", Literal: "'2024-05-01 10:00:00'", Want: utc},
		{Name: "datetime(6)", Decl: "datetime(6)", Literal: "'2024-05-01 10:00:00.000001'", Want: utc.Add(time.Microsecond)},
		{Name: "date", Decl: "date", Literal: "'2024-05-01'", Want: utc.Truncate(24 * time.Hour)},
		{Name: "json is read as its text on MariaDB", Decl: "json", Literal: `'{"a": 1.0}'`, Want: `{"a": 1.0}`},
		{Name: "enum", Decl: "enum('x','y')", Literal: "'y'", Want: "y"},
	})
}

func TestVersion(t *testing.T) {
	b := backend(t)
	var logBin int
	db, _ := sql.Open("mysql", testdb.MySQL(t))
	defer db.Close()
	if err := db.QueryRow("SELECT @@log_bin").Scan(&logBin); err != nil {
		t.Fatal(err)
	}
	_, snap := sqltest.Fetch(t, b.Source(t, "table: "+b.Table(t)))
	if (logBin == 1) != (snap.Version != "") {
		t.Errorf("log_bin=%d but version %q: want a GTID set or binlog position exactly when the server keeps a binlog", logBin, snap.Version)
	}
}

func TestQueryIsReadOnly(t *testing.T) {
	b := backend(t)
	name := b.Table(t)
	for _, q := range []string{"INSERT INTO `" + name + "` (id) VALUES (99)", "SELECT * FROM `" + name + "` FOR UPDATE"} {
		src := b.Source(t, `query: "`+q+`"`)
		sqltest.MustContain(t, sqltest.FetchErr(src), `"db"`, "READ ONLY")
	}
	if recs, _ := sqltest.Fetch(t, b.Source(t, "table: "+name)); len(recs) != 2 {
		t.Errorf("%d rows after a writing query, want 2", len(recs))
	}
}

func TestUnreachableServer(t *testing.T) {
	b := sqltest.Backend{Type: "mysql", Conn: "dsn: 'drift:s3cr3t-pw@tcp(127.0.0.1:1)/test'"}
	src := b.Source(t, "table: accounts\ntimeout: 2s")
	err := sqltest.FetchWithin(t, src, 3*time.Second)
	sqltest.MustContain(t, err, `"db"`, "127.0.0.1:1")
	sqltest.NoSecret(t, err, "s3cr3t-pw")
}

func TestBadDSNIsRedacted(t *testing.T) {
	b := sqltest.Backend{Type: "mysql", Conn: "dsn: 'drift:s3cr3t-pw@tcp(127.0.0.1:3306)/test?parseTime=maybe'"}
	_, err := b.Init(t, "table: accounts")
	sqltest.MustContain(t, err, "drift.yaml", `"db"`, "dsn")
	sqltest.NoSecret(t, err, "s3cr3t-pw")
}

func TestSilentServerTimesOut(t *testing.T) {
	addr := sqltest.SilentServer(t)
	b := sqltest.Backend{Type: "mysql", Conn: "dsn: 'drift:s3cr3t-pw@tcp(" + addr + ")/test'"}
	src := b.Source(t, "table: accounts\ntimeout: 1s")
	err := sqltest.FetchWithin(t, src, 2500*time.Millisecond)
	sqltest.MustContain(t, err, `"db"`, "connect")
	sqltest.NoSecret(t, err, "s3cr3t-pw")
}

func TestReread(t *testing.T) {
	sqltest.Reread(t, backend(t))
}

func TestWhole(t *testing.T) {
	attrs := `{"a":1.5,"b":[2]}`
	if mariaDB(t) {
		attrs = `"{\"a\": 1.5, \"b\": [2]}"` // MariaDB's JSON is LONGTEXT: the document is text
	}
	sqltest.Whole(t, backend(t), sqltest.WholeCase{
		Columns: "id int PRIMARY KEY, name varchar(50), notes text, balance decimal(12,4), ratio double, " +
			"seen datetime(6), day date, attrs json, raw varbinary(8), flags bit(3), big bigint unsigned, empty text",
		Insert: `INSERT INTO %s VALUES (1, 'Ann', 'keep <me>', 1.5, 0.1, '2024-05-01 10:00:00.123456', '2024-05-01',
			'{"a": 1.5, "b": [2]}', X'0001FF', b'101', 18446744073709551615, NULL)`,
		Want: `{"id":1,"name":"Ann","notes":"keep <me>","balance":1.5000,"ratio":0.1,
			"seen":"2024-05-01 10:00:00.123456","day":"2024-05-01","attrs":` + attrs + `,"raw":"AAH/",
			"flags":"BQ==","big":18446744073709551615,"empty":null}`,
	})
}

// mariaDB reports whether the test server is MariaDB rather than MySQL.
func mariaDB(t *testing.T) bool {
	db, err := sql.Open("mysql", testdb.MySQL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow("SELECT version()").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return strings.Contains(v, "MariaDB")
}
