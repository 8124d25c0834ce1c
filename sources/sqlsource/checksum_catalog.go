package sqlsource

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// catalogTypes reads the table's columns, in table order, and the database
// type of each (keyed by the column's folded name) from the catalog.
func (t *Table) catalogTypes(ctx context.Context, run Runner) ([]string, map[string]string, error) {
	var query string
	var args []any
	switch t.Dialect {
	case Postgres:
		query = `SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
			WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`
		args = []any{t.Dialect.QuoteName(t.Name)}
	case MySQL:
		schema, name := t.schemaName()
		query = `SELECT COLUMN_NAME, LOWER(DATA_TYPE) FROM information_schema.columns
			WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? ORDER BY ORDINAL_POSITION`
		args = []any{schema, name}
	default:
		query = "SELECT name, lower(type) FROM pragma_table_info(?)"
		args = []any{t.Name}
	}
	var cols []string
	types := map[string]string{}
	err := run.Query(ctx, query, args, func(scan func(...any) error) error {
		var name, typ string
		if err := scan(&name, &typ); err != nil {
			return err
		}
		cols = append(cols, name)
		types[t.fold(name)] = typ
		return nil
	})
	if err == nil && len(cols) == 0 {
		err = errNoTable
	}
	if err != nil {
		return nil, nil, t.Errorf("%s: %w; check the table name and that it exists", t.What(), err)
	}
	return cols, types, nil
}

// schemaName splits a mysql table name into its database (nil for the
// connection's) and name.
func (t *Table) schemaName() (any, string) {
	if db, name, ok := strings.Cut(t.Name, "."); ok {
		return db, name
	}
	return nil, t.Name
}

// uniqueKey reports whether a unique index without a predicate or an
// expression covers only key columns, so that the database holds no two
// rows with the same key and no range needs counting its distinct keys.
func (t *Table) uniqueKey(ctx context.Context, run Runner) (bool, error) {
	var query string
	var args []any
	switch t.Dialect {
	case Postgres:
		query = `SELECT i.indexrelid::bigint, a.attname::text FROM pg_index i
			JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
			WHERE i.indrelid = $1::regclass AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL`
		args = []any{t.Dialect.QuoteName(t.Name)}
	default:
		schema, name := t.schemaName()
		query = `SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.statistics
			WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? AND NON_UNIQUE = 0`
		args = []any{schema, name}
	}
	key := map[string]bool{}
	for _, k := range t.Contract.Key {
		f := t.Contract.Fields[k]
		if i := t.fieldPos(f); i >= 0 {
			key[t.fold(t.columns[i])] = true
		}
	}
	covers := map[string]bool{}
	err := run.Query(ctx, query, args, func(scan func(...any) error) error {
		var index any
		var col string
		if err := scan(&index, &col); err != nil {
			return err
		}
		id := strings.TrimSpace(toText(index))
		if _, seen := covers[id]; !seen {
			covers[id] = true
		}
		if !key[t.fold(col)] {
			covers[id] = false
		}
		return nil
	})
	if err != nil {
		return false, t.Errorf("read the unique keys of %s: %w", t.What(), err)
	}
	for _, ok := range covers {
		if ok {
			return true, nil
		}
	}
	return false, nil
}

func toText(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return fmt.Sprint(v)
}

// errNoTable is the catalog's answer for a table it does not hold.
var errNoTable = errors.New("no such table")
