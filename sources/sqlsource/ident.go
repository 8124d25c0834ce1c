// Package sqlsource holds what the SQL source plugins (sqlite, postgres,
// mysql) share: identifier quoting per dialect, the mapping from contract
// fields to columns, the conversion of driver values to contract raw values,
// and compare-and-set writes with bound parameters.
package sqlsource

import (
	"strconv"
	"strings"
)

// Dialect is the SQL flavour of a backend: how it quotes identifiers and
// writes parameter placeholders.
type Dialect uint8

// The supported dialects.
const (
	Postgres Dialect = iota + 1
	MySQL
	SQLite
)

// String returns the plugin name of the dialect.
func (d Dialect) String() string {
	switch d {
	case Postgres:
		return "postgres"
	case MySQL:
		return "mysql"
	case SQLite:
		return "sqlite"
	}
	return "unknown"
}

// Quote quotes one identifier: "name" with "" doubling for postgres and
// sqlite, `name` with “ doubling for mysql. The name is never interpreted,
// so any text, including quotes and semicolons, stays one identifier.
func (d Dialect) Quote(name string) string {
	q := `"`
	if d == MySQL {
		q = "`"
	}
	return q + strings.ReplaceAll(name, q, q+q) + q
}

// QuoteName quotes a possibly schema-qualified name such as public.accounts:
// it splits on '.' and quotes each part.
func (d Dialect) QuoteName(name string) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = d.Quote(p)
	}
	return strings.Join(parts, ".")
}

// Placeholder returns the n-th (1-based) bound parameter marker: $n for
// postgres, ? otherwise.
func (d Dialect) Placeholder(n int) string {
	if d == Postgres {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}
