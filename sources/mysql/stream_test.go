package mysql_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/drift-sh/drift/sources/sqlsource/sqltest"
)

// myText is a MySQL string literal: backslashes and quotes escaped.
var myText = sqltest.Text([]string{"a", "Z", " ", "'", `"`, `\`, "é", "\t", ";", "-", "0", "日", "\n"},
	strings.NewReplacer(`\`, `\\`, "'", "''"))

func myTime(frac int) func(*rand.Rand) string {
	return func(r *rand.Rand) string {
		s := fmt.Sprintf("'%04d-%02d-%02d %02d:%02d:%02d", 1000+r.IntN(8999), 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60))
		if frac > 0 {
			s += "." + sqltest.Digits(r, frac)
		}
		return s + "'"
	}
}

// TestStreamMatchesFetch checks the stream's raw values against Fetch's
// for random rows of every column type MySQLKind reads from the bytes,
// and of types it leaves to FromSQL.
func TestStreamMatchesFetch(t *testing.T) {
	ints := func(lo, hi string) func(*rand.Rand) string {
		return func(r *rand.Rand) string { return sqltest.Pick(lo, hi, "0", fmt.Sprint(r.IntN(200)-100))(r) }
	}
	sqltest.StreamMatches(t, backend(t), []sqltest.StreamColumn{
		{Decl: "tinyint", Gen: ints("-128", "127")},
		{Decl: "tinyint(1)", Gen: sqltest.Pick("0", "1", "true")},
		{Decl: "smallint unsigned", Gen: sqltest.Pick("0", "65535", "7")},
		{Decl: "mediumint", Gen: ints("-8388608", "8388607")},
		{Decl: "int", Gen: ints("-2147483648", "2147483647")},
		{Decl: "bigint", Gen: ints("-9223372036854775808", "9223372036854775807")},
		{Decl: "bigint unsigned", Gen: sqltest.Pick("18446744073709551615", "9223372036854775808", "9223372036854775807", "0")},
		{Decl: "year", Gen: sqltest.Pick("1901", "2155", "2024")},
		{Decl: "decimal(30,10)", Gen: func(r *rand.Rand) string {
			return sqltest.Pick("", "-")(r) + sqltest.Digits(r, 1+r.IntN(19)) + "." + sqltest.Digits(r, r.IntN(11))
		}},
		{Decl: "decimal(5,0)", Gen: ints("-99999", "0")},
		{Decl: "float", Gen: sqltest.Pick("0.1", "-1.5", "3.4e38", "1e-10", "0")},
		{Decl: "double", Gen: sqltest.Pick("0.1", "-0", "1e308", "5e-324", "123456.789")},
		{Decl: "varchar(40)", Gen: myText},
		{Decl: "char(5)", Gen: sqltest.Pick("'a'", "''", "'abcde'", "' x'")},
		{Decl: "text", Gen: myText},
		{Decl: "enum('a','b')", Gen: sqltest.Pick("'a'", "'b'")},
		{Decl: "datetime", Gen: myTime(0)},
		{Decl: "datetime(6)", Gen: myTime(6)},
		{Decl: "timestamp(3) NULL", Gen: sqltest.Pick("'2024-05-01 10:00:00.123'", "'1970-01-02 00:00:00'", "'2038-01-19 03:14:07.999'")},
		{Decl: "date", Gen: sqltest.Pick("'2024-02-29'", "'1000-01-01'", "'9999-12-31'")},
		{Decl: "time", Gen: sqltest.Pick("'10:00:00'", "'-838:59:59'")},
		{Decl: "json", Gen: sqltest.Pick(`'{"a": 1.0}'`, `'[1, 2.50]'`, `'null'`, `'"s"'`)},
		{Decl: "blob", Gen: sqltest.Pick("x'00ff10'", "''", "'abc'")},
		{Decl: "varbinary(8)", Gen: sqltest.Pick("x'00'", "'ab'")},
		{Decl: "bit(8)", Gen: sqltest.Pick("b'101'", "b'0'")},
	}, 300)
}
