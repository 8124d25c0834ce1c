package postgres_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/drift-sh/drift/sources/sqlsource/sqltest"
)

func pgNumeric(r *rand.Rand) string {
	if r.IntN(10) == 0 {
		return sqltest.Pick("'NaN'", "'Infinity'", "'-Infinity'", "0.000", "-0", "1e-20", "1.5e30", "100", "-0.00100")(r)
	}
	if r.IntN(4) == 0 {
		return sqltest.Pick("", "-")(r) + "0." + sqltest.Digits(r, 1+r.IntN(30))
	}
	s := sqltest.Pick("", "-")(r) + "1" + sqltest.Digits(r, r.IntN(25))
	if r.IntN(2) == 0 {
		s += "." + sqltest.Digits(r, 1+r.IntN(12))
	}
	return s
}

// pgText is a PostgreSQL string literal: quotes doubled.
var pgText = sqltest.Text([]string{"a", "Z", " ", "'", `"`, `\`, "é", "\t", ";", "-", "0", "日", "😀", "\n"},
	strings.NewReplacer("'", "''"))

func pgTime(zone bool) func(*rand.Rand) string {
	return func(r *rand.Rand) string {
		if r.IntN(12) == 0 {
			return sqltest.Pick("'infinity'", "'-infinity'", "'0001-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'")(r)
		}
		s := fmt.Sprintf("'%04d-%02d-%02d %02d:%02d:%02d", 1+r.IntN(9999), 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60))
		if r.IntN(2) == 0 {
			s += "." + sqltest.Digits(r, 1+r.IntN(6))
		}
		if zone {
			s += sqltest.Pick("Z", "+05:30", "-08", "+00")(r)
		}
		return s + "'"
	}
}

// TestStreamMatchesFetch checks the stream's raw values against Fetch's
// for random rows of every column type the stream reads in place, and of
// types it leaves to pgx.
func TestStreamMatchesFetch(t *testing.T) {
	ints := func(lo, hi int64) func(*rand.Rand) string {
		return func(r *rand.Rand) string {
			return sqltest.Pick(fmt.Sprint(lo), fmt.Sprint(hi), "0", fmt.Sprint(r.Int64N(1000)-500), fmt.Sprint(r.Int64()%hi))(r)
		}
	}
	sqltest.StreamMatches(t, backend(t), []sqltest.StreamColumn{
		{Decl: "smallint", Gen: ints(-32768, 32767)},
		{Decl: "integer", Gen: ints(-2147483648, 2147483647)},
		{Decl: "bigint", Gen: ints(-9223372036854775808, 9223372036854775807)},
		{Decl: "numeric", Gen: pgNumeric},
		{Decl: "numeric(12,2)", Gen: func(r *rand.Rand) string {
			return sqltest.Pick("", "-")(r) + sqltest.Digits(r, 1+r.IntN(9)) + "." + sqltest.Digits(r, r.IntN(3))
		}},
		{Decl: "text", Gen: pgText},
		{Decl: "varchar(20)", Gen: pgText},
		{Decl: "char(5)", Gen: sqltest.Pick("'a'", "''", "'abcde'", "' x'")},
		{Decl: "boolean", Gen: sqltest.Pick("true", "false")},
		{Decl: "double precision", Gen: sqltest.Pick("0.1", "-0", "'NaN'", "'Infinity'", "'-Infinity'", "1e308", "5e-324", "123456.789", "-2.5")},
		{Decl: "real", Gen: sqltest.Pick("0.1", "3.4e38", "-1.5", "'NaN'")},
		{Decl: "timestamptz", Gen: pgTime(true)},
		{Decl: "timestamp", Gen: pgTime(false)},
		{Decl: "date", Gen: sqltest.Pick("'2024-02-29'", "'infinity'", "'0001-01-01'")},
		{Decl: "jsonb", Gen: sqltest.Pick(`'{"a": 1.0}'`, `'[1, 2.50]'`, `'null'`, `'"s"'`, `'12345678901234567890.5'`)},
		{Decl: "json", Gen: sqltest.Pick(`'{"b":  [true, null]}'`, `'1e400'`, `'"x"'`)},
		{Decl: "uuid", Gen: func(r *rand.Rand) string {
			return fmt.Sprintf("'%08x-%04x-%04x-%04x-%012x'", r.Uint32(), r.IntN(1<<16), r.IntN(1<<16), r.IntN(1<<16), r.Int64N(1<<48))
		}},
		{Decl: "bytea", Gen: sqltest.Pick(`'\x00ff10'`, `''`, `'abc'`)},
		{Decl: "text[]", Gen: sqltest.Pick("ARRAY['b','a']", "ARRAY[]::text[]", "ARRAY[NULL,'x']")},
		{Decl: "integer[]", Gen: sqltest.Pick("ARRAY[1,2]", "ARRAY[3]")},
		{Decl: "interval", Gen: sqltest.Pick("'1 day 02:00:00'", "'-3 months'")},
		{Decl: "inet", Gen: sqltest.Pick("'10.0.0.1'", "'::1/128'")},
	}, 300)
}

// TestStreamSimpleProtocol reads with Fetch where the connection may not
// prepare statements, and still hands over the same values.
func TestStreamSimpleProtocol(t *testing.T) {
	b := backend(t)
	b.Conn = strings.TrimSuffix(b.Conn, "'") + sep(b.Conn) + "default_query_exec_mode=simple_protocol'"
	sqltest.StreamMatches(t, b, []sqltest.StreamColumn{
		{Decl: "numeric", Gen: pgNumeric},
		{Decl: "timestamptz", Gen: pgTime(true)},
		{Decl: "text", Gen: pgText},
	}, 20)
}

// sep is the separator before another URL parameter of a DSN.
func sep(dsn string) string {
	if strings.Contains(dsn, "?") {
		return "&"
	}
	return "?"
}
